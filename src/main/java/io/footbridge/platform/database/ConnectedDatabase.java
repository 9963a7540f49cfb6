package io.footbridge.platform.database;

import io.footbridge.platform.Database;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

@Component
class ConnectedDatabase implements Database {

    private final boolean postgres;
    private final String description;

    ConnectedDatabase(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            this.postgres = "PostgreSQL".equals(metaData.getDatabaseProductName());
            this.description = metaData.getDatabaseProductName() + " " + metaData.getDatabaseProductVersion();
        }
    }

    @Override
    public boolean postgres() {
        return postgres;
    }

    @Override
    public String description() {
        return description;
    }
}

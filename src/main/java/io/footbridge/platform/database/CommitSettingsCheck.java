package io.footbridge.platform.database;

import io.footbridge.platform.Database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Says at start when PostgreSQL is set to acknowledge a commit before it is on disk (synchronous_commit or fsync
 * off): Footbridge then answers 2xx for writes that a crash of the database server can lose.
 */
class CommitSettingsCheck {

    private static final Logger log = LoggerFactory.getLogger(CommitSettingsCheck.class);

    private final DataSource dataSource;
    private final Database database;

    CommitSettingsCheck(DataSource dataSource, Database database) {
        this.dataSource = dataSource;
        this.database = database;
    }

    @EventListener(ApplicationReadyEvent.class)
    void check() {
        if (!database.postgres()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            for (String setting : new String[]{"synchronous_commit", "fsync"}) {
                String value = show(connection, setting);
                if ("off".equalsIgnoreCase(value)) {
                    log.warn("PostgreSQL has {} = {}: a write answered 2xx can be lost if the database server"
                            + " crashes. Set it to on for the database Footbridge uses.", setting, value);
                }
            }
        } catch (SQLException e) {
            log.warn("Could not read the database's commit settings: {}", e.getMessage());
        }
    }

    private static String show(Connection connection, String setting) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW " + setting)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}

package io.footbridge.bench;

import io.footbridge.platform.Database;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The planner's statistics after a benchmark's bulk set-up. */
public final class Statistics {

    private Statistics() {
    }

    /**
     * On PostgreSQL, ANALYZE now, as autovacuum would in time: plans made on near-empty tables scan them, and the
     * benchmark would measure that instead of the steady state. H2 plans without statistics.
     */
    public static void refresh(Database database, DataSource dataSource) {
        if (!database.postgres()) {
            return;
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE");
        } catch (SQLException e) {
            throw new IllegalStateException("could not gather the planner's statistics", e);
        }
    }
}

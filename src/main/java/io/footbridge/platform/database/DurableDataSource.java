package io.footbridge.platform.database;

import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded H2 database's connections, made to return from a commit only once the commit is in the database
 * file. H2 (2.x, MVStore) keeps a commit in memory and writes it with the next store of the file, by default up to
 * half a second later, so a killed process loses what it had already acknowledged; it has no setting that writes
 * on every commit. Here every commit, and every statement run outside a transaction, waits for a store of the file
 * that began after it, shared with everyone waiting at that time ({@link GroupCommit}).
 * <p>
 * Each store first changes one row, so that there is always something to write: H2 then writes the store on the
 * calling thread, in order behind any store its background writer has under way. Without that change a store
 * could find nothing new (the background writer having just taken it) and return before that writer's chunk is
 * in the file. The background writer stays on because it also compacts the file.
 */
final class DurableDataSource extends DelegatingDataSource {

    private final GroupCommit group = new GroupCommit();
    private final String storeStatement;

    /** @param fsync whether a store also forces the file to the disk, so that a commit outlives a power cut too */
    DurableDataSource(DataSource target, boolean fsync) throws SQLException {
        super(target);
        this.storeStatement = fsync ? "CHECKPOINT SYNC" : "CHECKPOINT";
        // Needed before the first commit, Flyway's own, so it is made here rather than by a migration.
        try (Connection connection = target.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS durability");
            statement.execute("CREATE TABLE IF NOT EXISTS durability.store_round (id INT PRIMARY KEY, round BIGINT)");
            statement.execute("INSERT INTO durability.store_round (id, round) SELECT 1, 0"
                    + " WHERE NOT EXISTS (SELECT 1 FROM durability.store_round)");
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return durable(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return durable(super.getConnection(username, password));
    }

    private Connection durable(Connection target) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "commit" -> {
                        target.commit();
                        awaitStored(target);
                        yield null;
                    }
                    case "close" -> {
                        // outside a transaction each statement committed on its own; wait before the connection
                        // goes back to the pool, while it can still run the store
                        try {
                            if (!target.isClosed() && target.getAutoCommit()) {
                                awaitStored(target);
                            }
                        } finally {
                            target.close();
                        }
                        yield null;
                    }
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "durable " + target;
                    default -> invoke(target, method, args);
                });
    }

    /** Waits for a store of the file; the caller that leads runs it on its own connection. */
    private void awaitStored(Connection connection) throws SQLException {
        group.awaitStored(() -> {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE durability.store_round SET round = round + 1 WHERE id = 1");
                if (!connection.getAutoCommit()) {
                    connection.commit();
                }
                statement.execute(storeStatement);
            }
        });
    }

    private static Object invoke(Connection target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

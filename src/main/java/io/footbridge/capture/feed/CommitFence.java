package io.footbridge.capture.feed;

import io.footbridge.platform.Database;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Knows up to which sequence number the capture log is settled: no write still open can add an event at or below
 * it, however long that write takes to commit. A feed's cursor never passes it, so a write that commits late (a slow
 * import chunk, a paused database) is still read however late it comes.
 *
 * <p>It works by observation: read the highest sequence visible, then the transactions open now. Any write holding
 * a lower number took it before that read, so it is among those open transactions; once all of them have ended,
 * everything up to that number is committed or rolled back for good. On PostgreSQL the open transactions are the
 * database's own ({@code pg_stat_activity}, every node's); on H2, an embedded database with this process as its only
 * writer, they are the capture writes this process has open.
 */
@Component
public class CommitFence {

    /** Observations waiting for their transactions to end; past this many the newest is replaced. */
    private static final int PENDING = 64;

    private final JdbcClient jdbc;
    private final boolean postgres;
    private final Set<Object> openWrites = ConcurrentHashMap.newKeySet();
    private final Object resourceKey = new Object();

    CommitFence(JdbcClient jdbc, Database database) {
        this.jdbc = jdbc;
        this.postgres = database.postgres();
    }

    /**
     * Called by a capture write before it takes sequence numbers, in its transaction: the write counts as open until
     * the transaction ends. Needed on H2 only, where the database cannot tell.
     */
    public void writing() {
        if (postgres || !TransactionSynchronizationManager.isSynchronizationActive()
                || TransactionSynchronizationManager.hasResource(resourceKey)) {
            return;
        }
        Object write = new Object();
        TransactionSynchronizationManager.bindResource(resourceKey, write);
        openWrites.add(write);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                openWrites.remove(write);
                TransactionSynchronizationManager.unbindResourceIfPossible(resourceKey);
            }
        });
    }

    /** One feed's view of the fence: its pending observations and the highest sequence settled so far. */
    final class Watch {

        private record Observation(long sequence, Set<Object> open) {
        }

        private final List<Observation> pending = new ArrayList<>();
        private long settled;

        /**
         * Settles the observations whose transactions have all ended and makes a new one; answers the sequence up
         * to which the log is settled. Runs outside a transaction (PostgreSQL keeps one view of its activity for a
         * whole transaction).
         */
        synchronized long advance() {
            long highest = highestSequence();
            Set<Object> open = openTransactions();
            pending.removeIf(observation -> {
                boolean ended = observation.open().stream().noneMatch(open::contains);
                if (ended) {
                    settled = Math.max(settled, observation.sequence());
                }
                return ended;
            });
            Observation now = new Observation(highest, open);
            if (open.isEmpty()) {
                settled = Math.max(settled, highest);
            } else if (pending.size() < PENDING) {
                pending.add(now);
            } else {
                pending.set(pending.size() - 1, now);
            }
            return settled;
        }
    }

    Watch watch() {
        return new Watch();
    }

    private long highestSequence() {
        return jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM capture_event").query(Long.class).single();
    }

    /**
     * What names an open transaction: on PostgreSQL its backend and start (clients only: a vacuum writes no events),
     * on H2 the write itself.
     */
    private Set<Object> openTransactions() {
        if (!postgres) {
            return new HashSet<>(openWrites);
        }
        // the view is a snapshot per transaction; clear it in case the caller runs in one
        jdbc.sql("SELECT pg_stat_clear_snapshot()").query().listOfRows();
        return new HashSet<>(jdbc.sql("""
                        SELECT pid || '@' || xact_start FROM pg_stat_activity
                        WHERE datname = current_database() AND backend_type = 'client backend'
                          AND xact_start IS NOT NULL AND pid <> pg_backend_pid()
                        """).query(String.class).list());
    }
}

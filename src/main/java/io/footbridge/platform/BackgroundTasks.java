package io.footbridge.platform;

import java.time.Instant;
import java.util.List;

/**
 * What the background work is doing, across all nodes, for the operators' page: each task with its last and next
 * run and its failures, read from the scheduler's table. Tasks belong to the installation, not to a tenant.
 */
public interface BackgroundTasks {

    /**
     * A task as the scheduler's table shows it. A recurring task has one row; a one-off task has a row per instance
     * waiting (its finished instances are gone, so it has no last success).
     *
     * @param waiting        instances scheduled and not yet done (1 for a recurring task that is scheduled)
     * @param failuresInARow the most consecutive failures of any of its instances
     * @param running        an instance is being run by some node right now
     * @param canRunNow      a recurring task this node runs: safe to bring forward, since it only does early what it
     *                       would do at its next turn
     */
    record Task(String name, boolean recurring, Instant lastSuccess, Instant lastFailure, int failuresInARow,
                Instant nextRun, long waiting, boolean running, boolean canRunNow) {
    }

    /** Every task this node knows or the table holds, recurring ones first, by name. */
    List<Task> list();

    /** Brings a recurring task's next run forward to now; false when this node runs no recurring task of the name. */
    boolean runNow(String name);
}

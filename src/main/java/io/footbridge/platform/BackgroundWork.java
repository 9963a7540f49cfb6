package io.footbridge.platform;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The one way to run background work: on a database-backed scheduler (db-scheduler, its table
 * {@code scheduled_tasks}), so a task runs on one node at a time, survives restarts, is retried with back-off when
 * it fails, and shows up in the metrics {@code footbridge.background.*} under its name. Register tasks while the
 * application starts (from a constructor); they run once it has started.
 */
public interface BackgroundWork {

    /**
     * Runs {@code work} again {@code every} after its last run ended. A run that throws is retried sooner at first,
     * then less often (back-off up to {@code every} × 32 or a minute, whichever is longer).
     */
    Recurring recurring(String name, Duration every, Runnable work);

    /**
     * A task that runs once per scheduled instance, retried with back-off ({@code maxRetries} times) when it
     * throws. Its data is stored with the instance: keep it small (ids, not payloads).
     */
    <T extends Serializable> OneOff<T> oneOff(String name, Class<T> dataType, int maxRetries, Consumer<T> work);

    /** A recurring task that can be asked to run now, such as after a write it should react to. */
    interface Recurring {

        /**
         * Runs the task soon rather than at its next turn; a run in progress here runs once more when it ends.
         * Cheap when called often: wakes coalesce.
         */
        void wake();
    }

    interface OneOff<T extends Serializable> {

        /** Schedules an instance under a unique id; an id scheduled before and not yet run keeps its first time. */
        void schedule(String id, Instant at, T data);
    }
}

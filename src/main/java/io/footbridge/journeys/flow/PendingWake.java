package io.footbridge.journeys.flow;

import io.footbridge.identity.EventsResolved;
import io.footbridge.platform.BackgroundWork;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Brings the pending pass ({@code journeys-pending}) forward when it may have someone to start: identity has named
 * people, or the journeys feed kept events whose people identity had named already. Without it a trigger waits for
 * the pass's next turn.
 */
@Component
class PendingWake {

    private volatile BackgroundWork.Recurring pass;
    /** Marks a transaction whose commit will wake the pass already. */
    private final Object key = new Object();

    void set(BackgroundWork.Recurring pass) {
        this.pass = pass;
    }

    /**
     * A plain listener, acting after the resolver's transaction commits so that the pass sees its links: a module
     * listener would write an event publication row per batch.
     */
    @EventListener
    void on(EventsResolved resolved) {
        afterCommit();
    }

    /** Wakes the pass once the caller's transaction has committed (at once without one); once per transaction. */
    void afterCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            wake();
            return;
        }
        if (TransactionSynchronizationManager.hasResource(key)) {
            return;
        }
        TransactionSynchronizationManager.bindResource(key, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                wake();
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(key);
            }
        });
    }

    private void wake() {
        BackgroundWork.Recurring p = pass;
        if (p != null) {
            p.wake();
        }
    }
}

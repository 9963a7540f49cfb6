package io.footbridge.capture;

import java.util.List;
import java.util.UUID;

/**
 * Lets a module follow the capture log under a name of its own: its handler is given every event at least once, in
 * sequence order and in batches, across restarts and nodes (one node at a time holds a feed). The handler runs in
 * the transaction that moves the feed's cursor, so what it writes and the cursor commit together; it must be
 * idempotent, as an event may be handed over again (late commits are looked for once per commit horizon).
 */
public interface CaptureFeeds {

    @FunctionalInterface
    interface Handler {
        void handle(List<CapturedEvent> events);
    }

    /** A feed that has started; {@link #drain()} runs it now, in the caller's thread (tests, commands). */
    interface Feed {
        int drain();

        /** The feed's cursor: every event at or below this sequence has been handed over (or parked). */
        long position();
    }

    /**
     * How far a feed is behind on one tenant's events: {@code unread} events of the tenant lie beyond its cursor, and
     * {@code retrying} of them were parked after its handler failed and are still to be tried again (those given up
     * on are not counted). Both zero: the feed has handed over all the tenant has written so far.
     */
    record Backlog(String feed, long position, long unread, long retrying) {

        public boolean caughtUp() {
            return unread == 0 && retrying == 0;
        }
    }

    /** Every feed's backlog on this tenant's events, by feed name, including feeds no node runs now. */
    List<Backlog> backlog(UUID tenantId);

    /** Starts following the log from its beginning, or from where this feed stopped last time. */
    Feed follow(String name, Handler handler);

    /**
     * Holds every feed until the caller's transaction ends: no handler runs meanwhile, on any node. For work that
     * must not interleave with what the feeds write, such as erasing a person.
     */
    void holdAll();
}

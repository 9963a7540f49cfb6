package io.footbridge.capture;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Reads the capture log in sequence order, for modules that follow it with a cursor. Sequence numbers are taken
 * when a write starts and become visible when it commits, so a reader must expect a lower number to appear after
 * a higher one for as long as a write may take, and gaps that never fill (rolled back or duplicate writes).
 */
public interface CaptureLog {

    /** Where an event sits in the log, and when it arrived. */
    record Position(long sequence, Instant receivedAt) {
    }

    List<CapturedEvent> readAfter(long sequence, int limit);

    /** Whether the tenant has any event in the log: an installation's new first tenant has none. */
    boolean holdsAny(UUID tenantId);

    List<Position> positionsAfter(long sequence, int limit);

    /** These events, in sequence order. */
    List<CapturedEvent> read(Collection<Long> sequences);

    /** These events of one tenant, in sequence order; others' are left out. */
    List<CapturedEvent> read(UUID tenantId, Collection<Long> sequences);

    /**
     * Erasure: these events of one tenant lose their identifiers and every property that could say who it was
     * (names, addresses, free text, devices' network details); what counts need stays (type, time, store,
     * touchpoint, amounts, scores). Answers how many were changed.
     */
    int anonymise(UUID tenantId, Collection<Long> sequences);
}

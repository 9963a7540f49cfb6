package io.footbridge.audiences.campaign;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A campaign's wall-clock time read in one zone. A time the clocks skip (a spring-forward gap) is refused when the
 * campaign is created for the zones of its stores; met later in another zone it moves forward by the gap, as
 * {@link ZonedDateTime#of} does. A time that happens twice (autumn) is the first of the two.
 */
final class LocalSendTime {

    private LocalSendTime() {
    }

    /** Whether the clocks in {@code zone} never show this time. */
    static boolean skipped(LocalDateTime local, ZoneId zone) {
        return zone.getRules().getValidOffsets(local).isEmpty();
    }

    static Instant in(LocalDateTime local, ZoneId zone) {
        return ZonedDateTime.of(local, zone).toInstant();
    }
}

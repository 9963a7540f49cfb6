package io.footbridge.audiences.membership;

import io.footbridge.platform.BackgroundWork;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/**
 * Puts membership's background steps on the application's scheduler, like every other background task: newly
 * resolved events every {@link #PENDING} ({@code segments-pending}), the pass over expiring windows every
 * {@link #WINDOWS} ({@code segments-windows}). The scheduler runs each on one node at a time and backs off when a
 * run fails.
 */
@Component
class SegmentClock {

    static final Duration PENDING = Duration.ofMillis(200);
    static final Duration WINDOWS = Duration.ofMinutes(1);

    SegmentClock(LiveMembership live, BackgroundWork background) {
        background.recurring("segments-pending", PENDING, () -> live.resolvePending(Instant.now()));
        background.recurring("segments-windows", WINDOWS, () -> live.windowsPass(Instant.now()));
    }
}

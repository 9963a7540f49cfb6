package io.footbridge.journeys.flow;

import io.footbridge.platform.BackgroundWork;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/**
 * Puts the journeys' background steps on the application's scheduler: due entries every {@link #DUE}
 * ({@code journeys-due}), captured events whose person identity has named every {@link #PENDING}
 * ({@code journeys-pending}, and at once when identity names people), date triggers every {@link #DATES}
 * ({@code journeys-dates}).
 */
@Component
class JourneyClock {

    static final Duration DUE = Duration.ofMillis(500);
    static final Duration PENDING = Duration.ofMillis(500);
    static final Duration DATES = Duration.ofMinutes(10);

    JourneyClock(Runner runner, TriggerFeed triggers, DateTriggers dates, BackgroundWork background, DueWake wake,
                 PendingWake pending) {
        wake.set(background.recurring("journeys-due", DUE, () -> runner.runAndStay(Instant.now())));
        pending.set(background.recurring("journeys-pending", PENDING, () -> triggers.resolvePending(Instant.now())));
        background.recurring("journeys-dates", DATES, () -> dates.pass(Instant.now()));
    }
}

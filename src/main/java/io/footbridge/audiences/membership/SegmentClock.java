package io.footbridge.audiences.membership;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs membership's background steps on one thread of its own: newly resolved events every {@link #PENDING}, the
 * pass over expiring windows every {@link #WINDOWS}. Kept apart from the work so it can move onto the application's
 * scheduler unchanged.
 */
@Component
class SegmentClock {

    private static final Logger log = LoggerFactory.getLogger(SegmentClock.class);
    static final Duration PENDING = Duration.ofMillis(200);
    static final Duration WINDOWS = Duration.ofMinutes(1);

    private final LiveMembership live;
    private ScheduledExecutorService executor;

    SegmentClock(LiveMembership live) {
        this.live = live;
    }

    @EventListener(ApplicationStartedEvent.class)
    synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "segments-clock");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> run("pending", () -> live.resolvePending(Instant.now())),
                PENDING.toMillis(), PENDING.toMillis(), TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(() -> run("windows", () -> live.windowsPass(Instant.now())),
                WINDOWS.toMillis(), WINDOWS.toMillis(), TimeUnit.MILLISECONDS);
    }

    @EventListener(ContextClosedEvent.class)
    synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    private static void run(String step, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("Segment membership step {} failed; it runs again shortly", step, e);
        }
    }
}

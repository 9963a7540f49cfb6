package io.footbridge.platform.ratelimit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps {@code rate_limit_bucket} from growing with every address ever seen: deletes the rows whose buckets have
 * filled up again. Every node sweeps; two sweeping at once only delete the same rows.
 */
@Component
class BucketSweep {

    private static final Logger log = LoggerFactory.getLogger(BucketSweep.class);
    private static final int BATCH = 1000;

    private final BucketTable table;
    private final RateLimitProperties properties;
    private final ScheduledExecutorService runner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "rate-limit-sweep");
        thread.setDaemon(true);
        return thread;
    });

    BucketSweep(BucketTable table, RateLimitProperties properties) {
        this.table = table;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        long every = Math.max(1000, properties.sweepInterval().toMillis());
        runner.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    @EventListener(ContextClosedEvent.class)
    void stop() throws InterruptedException {
        runner.shutdown();
        runner.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Deletes every expired row, a batch at a time; how many. */
    int sweep() {
        Instant now = Instant.now();
        int total = 0;
        int deleted;
        do {
            deleted = table.removeExpired(now, BATCH);
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Sweeping expired rate-limit buckets failed, trying again later: {}", e.toString());
        }
    }
}

package io.footbridge.platform.ratelimit;

import io.footbridge.platform.BackgroundWork;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/**
 * Keeps {@code rate_limit_bucket} from growing with every address ever seen: deletes the rows whose buckets have
 * filled up again. One node at a time sweeps, as a background task.
 */
@Component
class BucketSweep {

    private static final int BATCH = 1000;

    private final BucketTable table;

    BucketSweep(BucketTable table, RateLimitProperties properties, BackgroundWork background) {
        this.table = table;
        Duration every = properties.sweepInterval();
        background.recurring("rate-limit-sweep", every.toMillis() < 1000 ? Duration.ofSeconds(1) : every,
                this::sweep);
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
}

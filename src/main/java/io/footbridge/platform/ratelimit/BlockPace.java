package io.footbridge.platform.ratelimit;

import io.footbridge.platform.RateLimits;
import io.github.bucket4j.Bucket;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A cluster-wide pace that costs a database round trip per block, not per slot: a node claims up to a tenth of a
 * second's worth of slots at once and hands them out itself. Claimed slots are used within a second or dropped, so
 * the cluster never runs ahead of the shared bucket. (Bucket4j's own delaying optimisation serves first and settles
 * later, which can overrun a provider's hard limit.)
 */
final class BlockPace implements RateLimits.Pace {

    private static final long VALID_NANOS = 1_000_000_000L;

    /** A lock, not synchronized: a virtual thread that sleeps holding a monitor pins its carrier on Java 21. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Bucket shared;
    private final long block;
    private final long waitMillis;
    private long left;
    private long claimedAt;

    BlockPace(Bucket shared, long perSecond) {
        this.shared = shared;
        this.block = Math.max(1, perSecond / 10);
        // how long the shared bucket takes to refill one block
        this.waitMillis = Math.max(1, block * 1000 / perSecond);
    }

    @Override
    public boolean acquire() {
        lock.lock();
        try {
            return next();
        } finally {
            lock.unlock();
        }
    }

    private boolean next() {
        while (true) {
            long now = System.nanoTime();
            if (left > 0 && now - claimedAt < VALID_NANOS) {
                left--;
                return true;
            }
            long claimed = shared.tryConsumeAsMuchAsPossible(block);
            if (claimed > 0) {
                left = claimed - 1;
                claimedAt = now;
                return true;
            }
            try {
                Thread.sleep(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}

package io.footbridge.platform;

import java.time.Duration;
import java.util.Optional;

/**
 * Budgets counted once for the whole cluster, in the shared database: how many failed logins, unknown coupon codes,
 * form posts or messages a key may spend in a period, however many nodes the requests reach. Keys are kept only as
 * keyed digests, so an address or an e-mail never reaches the table in clear. Call outside a transaction: a spent
 * budget must stay spent when the caller's work rolls back.
 */
public interface RateLimits {

    /**
     * A budget of {@code capacity} per {@code period} for each key, counted from the key's first use: once it is
     * spent, the key waits until that period ends (a lock-out).
     */
    Limit limit(String name, long capacity, Duration period);

    /** An even pace of {@code perSecond} for the whole cluster, which each node claims in blocks. */
    Pace pace(String name, long perSecond);

    interface Limit {

        /** Spends one from the key's budget, or says how long until there is one again. */
        Decision tryConsume(String key);

        /** How long the key must still wait, when its budget is spent; spends nothing. */
        Optional<Duration> lockedFor(String key);

        /** Gives the key its whole budget back (a login that succeeded). */
        void reset(String key);
    }

    interface Pace {

        /** Waits for the next slot; false when interrupted (shutting down). */
        boolean acquire();
    }

    /**
     * @param allowed    whether the request may go on
     * @param retryAfter when it may not, how long until it may, in whole seconds (at least one)
     */
    record Decision(boolean allowed, Duration retryAfter) {

        public static final Decision ALLOWED = new Decision(true, Duration.ZERO);
    }
}

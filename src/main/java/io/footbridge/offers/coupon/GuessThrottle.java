package io.footbridge.offers.coupon;

import io.footbridge.platform.Actor;
import io.footbridge.platform.RateLimits;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.UUID;

/**
 * Stops codes being guessed at the till: too many unknown codes from one key (or staff member) lock that caller out,
 * and too many unknown codes starting alike lock that prefix out for everyone in the tenant, which catches a guesser
 * spreading over many keys. While locked, even real codes are refused, or the lock-out would still answer the
 * question a guesser asks. Counted once for the cluster, like the login lock-out.
 */
@Component
class GuessThrottle {

    private final OffersProperties properties;
    private final RateLimits.Limit byCaller;
    private final RateLimits.Limit byPrefix;

    GuessThrottle(OffersProperties properties, RateLimits limits) {
        this.properties = properties;
        this.byCaller = limits.limit("coupon-guess-caller", properties.maxGuessesPerKey(), properties.guessLockout());
        this.byPrefix = limits.limit("coupon-guess-prefix", properties.maxGuessesPerPrefix(),
                properties.guessLockout());
    }

    /** Refuses this caller, or codes like this one, while they are locked out. */
    void check(Actor actor, String code) {
        byCaller.lockedFor(caller(actor)).or(() -> byPrefix.lockedFor(prefix(actor.tenantId(), code)))
                .ifPresent(wait -> {
                    throw new Locked(wait);
                });
    }

    void failed(Actor actor, String code) {
        byCaller.tryConsume(caller(actor));
        byPrefix.tryConsume(prefix(actor.tenantId(), code));
    }

    private String caller(Actor actor) {
        return actor.tenantId() + "|" + actor.kind() + "|" + (actor.id() == null ? actor.label() : actor.id());
    }

    private String prefix(UUID tenantId, String code) {
        return tenantId + "|" + code.substring(0, Math.min(code.length(), properties.guessPrefixLength()));
    }

    /** Answered as 429 with Retry-After by the coupon controllers. */
    static final class Locked extends RuntimeException {

        final Duration retryAfter;

        Locked(Duration retryAfter) {
            super("Too many unknown codes", null, false, false);
            this.retryAfter = retryAfter;
        }
    }
}

package io.footbridge.offers.coupon;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.footbridge.platform.Actor;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Stops codes being guessed at the till: too many unknown codes from one key (or staff member) lock that caller out,
 * and too many unknown codes starting alike lock that prefix out for everyone in the tenant, which catches a guesser
 * spreading over many keys. While locked, even real codes are refused, or the lock-out would still answer the
 * question a guesser asks. Counts are per node, like the login throttle.
 */
@Component
class GuessThrottle {

    private record Failures(int count, Instant lockedUntil) {
    }

    private final OffersProperties properties;
    private final Clock clock;
    private final Cache<String, Failures> byCaller;
    private final Cache<String, Failures> byPrefix;

    GuessThrottle(OffersProperties properties) {
        this.properties = properties;
        this.clock = Clock.systemUTC();
        this.byCaller = Caffeine.newBuilder().expireAfterWrite(properties.guessLockout()).maximumSize(100_000).build();
        this.byPrefix = Caffeine.newBuilder().expireAfterWrite(properties.guessLockout()).maximumSize(100_000).build();
    }

    /** How long this caller, or codes like this one, are still refused. */
    Optional<Duration> lockedFor(Actor actor, String code) {
        Instant now = clock.instant();
        return remaining(byCaller.getIfPresent(caller(actor)), now)
                .or(() -> remaining(byPrefix.getIfPresent(prefix(actor.tenantId(), code)), now));
    }

    void failed(Actor actor, String code) {
        Instant now = clock.instant();
        byCaller.asMap().compute(caller(actor), (k, old) -> next(old, properties.maxGuessesPerKey(), now));
        byPrefix.asMap().compute(prefix(actor.tenantId(), code),
                (k, old) -> next(old, properties.maxGuessesPerPrefix(), now));
    }

    private String caller(Actor actor) {
        return actor.tenantId() + "|" + actor.kind() + "|" + (actor.id() == null ? actor.label() : actor.id());
    }

    private String prefix(UUID tenantId, String code) {
        return tenantId + "|" + code.substring(0, Math.min(code.length(), properties.guessPrefixLength()));
    }

    private Failures next(Failures old, int max, Instant now) {
        int count = old == null ? 1 : old.count() + 1;
        return new Failures(count, count >= max ? now.plus(properties.guessLockout()) : null);
    }

    private static Optional<Duration> remaining(Failures failures, Instant now) {
        if (failures == null || failures.lockedUntil() == null || !failures.lockedUntil().isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, failures.lockedUntil()).plusSeconds(1));
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

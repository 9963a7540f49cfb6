package io.footbridge.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Slows password guessing: after too many failures for one account from one address, or from one address in all,
 * logins from there are refused until the lock-out passes. Counts are per node and forgotten after a quiet
 * lock-out period.
 */
@Component
class LoginThrottle {

    private record Failures(int count, Instant lockedUntil) {
    }

    private final SecurityProperties properties;
    private final Clock clock;
    private final Cache<String, Failures> byAccount;
    private final Cache<String, Failures> byAddress;

    @Autowired
    LoginThrottle(SecurityProperties properties) {
        this(properties, Clock.systemUTC());
    }

    LoginThrottle(SecurityProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.byAccount = Caffeine.newBuilder().expireAfterWrite(properties.loginLockout()).maximumSize(100_000).build();
        this.byAddress = Caffeine.newBuilder().expireAfterWrite(properties.loginLockout()).maximumSize(100_000).build();
    }

    /** How long logins for this account from this address are still refused, if they are. */
    Optional<Duration> lockedFor(String account, String address) {
        Instant now = clock.instant();
        return remaining(byAccount.getIfPresent(account + '|' + address), now)
                .or(() -> remaining(byAddress.getIfPresent(address), now));
    }

    void failed(String account, String address) {
        Instant now = clock.instant();
        byAccount.asMap().compute(account + '|' + address,
                (key, old) -> next(old, properties.loginMaxFailures(), now));
        byAddress.asMap().compute(address, (key, old) -> next(old, properties.loginMaxFailuresPerIp(), now));
    }

    void succeeded(String account, String address) {
        byAccount.invalidate(account + '|' + address);
    }

    private Failures next(Failures old, int max, Instant now) {
        int count = old == null ? 1 : old.count() + 1;
        return new Failures(count, count >= max ? now.plus(properties.loginLockout()) : null);
    }

    private static Optional<Duration> remaining(Failures failures, Instant now) {
        if (failures == null || failures.lockedUntil() == null || !failures.lockedUntil().isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, failures.lockedUntil()).plusSeconds(1));
    }
}

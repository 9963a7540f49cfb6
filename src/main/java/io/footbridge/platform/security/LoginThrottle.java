package io.footbridge.platform.security;

import io.footbridge.platform.RateLimits;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;

/**
 * Slows password guessing: after too many failures for one account from one address, or from one address in all,
 * within a lock-out period, logins from there are refused until that period ends. Counted once for the cluster, so
 * a second node gives a guesser no second budget.
 */
@Component
class LoginThrottle {

    private final RateLimits.Limit byAccount;
    private final RateLimits.Limit byAddress;

    LoginThrottle(SecurityProperties properties, RateLimits limits) {
        this.byAccount = limits.limit("login-account", properties.loginMaxFailures(), properties.loginLockout());
        this.byAddress = limits.limit("login-address", properties.loginMaxFailuresPerIp(), properties.loginLockout());
    }

    /** How long logins for this account from this address are still refused, if they are. */
    Optional<Duration> lockedFor(String account, String address) {
        return byAccount.lockedFor(account + '|' + address).or(() -> byAddress.lockedFor(address));
    }

    void failed(String account, String address) {
        byAccount.tryConsume(account + '|' + address);
        byAddress.tryConsume(address);
    }

    void succeeded(String account, String address) {
        byAccount.reset(account + '|' + address);
    }
}

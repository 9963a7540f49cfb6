package io.footbridge.platform.security;

import io.footbridge.ApiTest;
import io.footbridge.platform.RateLimits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The lock-outs against the real database, with a lock-out short enough to wait out. */
class LoginThrottleTest extends ApiTest {

    @Autowired
    private RateLimits limits;

    private LoginThrottle throttle;
    private String a;
    private String b;
    private String address;

    @BeforeEach
    void freshKeys() {
        // a name of its own per test, so the budgets of earlier tests and runs do not count
        throttle = new LoginThrottle(new SecurityProperties(3, 10, Duration.ofSeconds(2)), limits);
        String run = UUID.randomUUID().toString();
        a = "a-" + run + "@x.test";
        b = "b-" + run + "@x.test";
        address = "10.0." + run.hashCode();
    }

    @Test
    void locksAnAccountFromAnAddressAfterTooManyFailuresAndReleasesItLater() throws InterruptedException {
        throttle.failed(a, address);
        throttle.failed(a, address);
        assertThat(throttle.lockedFor(a, address)).isEmpty();

        throttle.failed(a, address);

        assertThat(throttle.lockedFor(a, address)).hasValueSatisfying(d ->
                assertThat(d).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2)));
        assertThat(throttle.lockedFor(a, address + "1")).as("another address").isEmpty();
        assertThat(throttle.lockedFor(b, address)).as("another account").isEmpty();
        Thread.sleep(2100);
        assertThat(throttle.lockedFor(a, address)).isEmpty();
    }

    @Test
    void aSuccessResetsTheAccountCount() {
        throttle.failed(a, address);
        throttle.failed(a, address);
        throttle.succeeded(a, address);
        throttle.failed(a, address);

        assertThat(throttle.lockedFor(a, address)).isEmpty();
    }

    @Test
    void locksAnAddressThatGuessesAcrossManyAccounts() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("user" + i + "-" + a, address);
        }

        assertThat(throttle.lockedFor(b, address)).isPresent();
        assertThat(throttle.lockedFor(b, address + "1")).isEmpty();
    }
}

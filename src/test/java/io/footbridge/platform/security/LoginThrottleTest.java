package io.footbridge.platform.security;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(
            new SecurityProperties(3, 10, Duration.ofMinutes(15)), clock);

    @Test
    void locksAnAccountFromAnAddressAfterTooManyFailuresAndReleasesItLater() {
        throttle.failed("a@x.test", "10.0.0.1");
        throttle.failed("a@x.test", "10.0.0.1");
        assertThat(throttle.lockedFor("a@x.test", "10.0.0.1")).isEmpty();

        throttle.failed("a@x.test", "10.0.0.1");

        assertThat(throttle.lockedFor("a@x.test", "10.0.0.1")).hasValueSatisfying(d ->
                assertThat(d).isBetween(Duration.ofMinutes(14), Duration.ofMinutes(16)));
        assertThat(throttle.lockedFor("a@x.test", "10.0.0.2")).as("another address").isEmpty();
        assertThat(throttle.lockedFor("b@x.test", "10.0.0.1")).as("another account").isEmpty();
        clock.advance(Duration.ofMinutes(16));
        assertThat(throttle.lockedFor("a@x.test", "10.0.0.1")).isEmpty();
    }

    @Test
    void aSuccessResetsTheAccountCount() {
        throttle.failed("a@x.test", "10.0.0.1");
        throttle.failed("a@x.test", "10.0.0.1");
        throttle.succeeded("a@x.test", "10.0.0.1");
        throttle.failed("a@x.test", "10.0.0.1");

        assertThat(throttle.lockedFor("a@x.test", "10.0.0.1")).isEmpty();
    }

    @Test
    void locksAnAddressThatGuessesAcrossManyAccounts() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("user" + i + "@x.test", "10.0.0.9");
        }

        assertThat(throttle.lockedFor("fresh@x.test", "10.0.0.9")).isPresent();
        assertThat(throttle.lockedFor("fresh@x.test", "10.0.0.8")).isEmpty();
    }

    private static final class MutableClock extends Clock {

        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

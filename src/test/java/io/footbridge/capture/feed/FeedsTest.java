package io.footbridge.capture.feed;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class FeedsTest {

    @Test
    void aParkedEventWaitsLongerAfterEachFailureAndTheLastWaitIsDaysNotYears() {
        assertThat(Feeds.retryAfter(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(Feeds.retryAfter(2)).isEqualTo(Duration.ofMinutes(4));
        assertThat(Feeds.retryAfter(4)).isEqualTo(Duration.ofMinutes(64));
        Duration total = Duration.ZERO;
        for (int failures = 1; failures < Feeds.MAX_ATTEMPTS; failures++) {
            total = total.plus(Feeds.retryAfter(failures));
        }
        assertThat(total).isBetween(Duration.ofDays(2), Duration.ofDays(7));
    }
}

package io.footbridge.capture.event;

import com.networknt.schema.regex.RegularExpression;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Time here is a clock that moves 1 ms each time the matcher looks at it (once per 1,024 characters read). */
class BoundedRegularExpressionsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final BoundedRegularExpressions patterns = new BoundedRegularExpressions(Duration.ofMillis(50),
            Duration.ofMillis(200), () -> nanos.addAndGet(1_000_000));
    /** Read once through: about 20 clock readings, 20 ms, for 20,000 characters. */
    private final RegularExpression linear = patterns.getRegularExpression("^a*$");
    private final String twentyMs = "a".repeat(20_000);

    @Test
    void aValueThatRunsPastItsOwnDeadlineIsCutOff() {
        RegularExpression anything = patterns.getRegularExpression("^a*$");

        assertThat(anything.matches(twentyMs)).isTrue();
        assertThatThrownBy(() -> anything.matches("a".repeat(200_000)))
                .isInstanceOfSatisfying(BoundedRegularExpressions.TooSlow.class,
                        slow -> assertThat(slow.budgetSpent()).isFalse());
    }

    @Test
    void manyValuesEachUnderTheirDeadlineShareTheRequestsBudget() {
        int matched = 0;
        BoundedRegularExpressions.TooSlow stopped = null;
        try (var budget = patterns.budget()) {
            for (int i = 0; i < 100 && stopped == null; i++) {
                try {
                    linear.matches(twentyMs);
                    matched++;
                } catch (BoundedRegularExpressions.TooSlow slow) {
                    stopped = slow;
                }
            }
        }

        assertThat(matched).as("200 ms of 20 ms values, not 100 of them").isBetween(8, 10);
        assertThat(stopped).isNotNull();
        assertThat(stopped.budgetSpent()).isTrue();
    }

    @Test
    void theBudgetEndsWithTheRequest() {
        try (var budget = patterns.budget()) {
            for (int i = 0; i < 12; i++) {
                try {
                    linear.matches(twentyMs);
                } catch (BoundedRegularExpressions.TooSlow spent) {
                    assertThat(spent.budgetSpent()).isTrue();
                }
            }
        }
        try (var next = patterns.budget()) {
            assertThat(linear.matches(twentyMs)).as("the next request starts afresh").isTrue();
        }
        assertThat(linear.matches(twentyMs)).as("outside a request, only the value's own deadline").isTrue();
    }
}

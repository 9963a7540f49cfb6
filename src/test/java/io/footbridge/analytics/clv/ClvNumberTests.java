package io.footbridge.analytics.clv;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ClvNumberTests {

    @Test
    void predictionsAreWrittenWithSixDecimalsAsFormatWouldWriteThem() {
        assertThat(ClvCommand.number(0)).isEqualTo("0.000000");
        assertThat(ClvCommand.number(30.428571428571427)).isEqualTo("30.428571");
        assertThat(ClvCommand.number(-0.0000004)).isEqualTo("0.000000");
        assertThat(ClvCommand.number(-2.5)).isEqualTo("-2.500000");
        assertThat(ClvCommand.number(0.9999996)).isEqualTo("1.000000");
        assertThat(ClvCommand.number(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        Random random = new Random(19);
        for (int i = 0; i < 100_000; i++) {
            double value = Math.exp(random.nextDouble() * 30 - 15) * (random.nextBoolean() ? 1 : -1);
            String format = String.format(Locale.ROOT, "%.6f", value);
            // the two may round a tie in the last place differently, never more
            assertThat(Math.abs(Double.parseDouble(ClvCommand.number(value)) - Double.parseDouble(format)))
                    .as("%s", value).isLessThanOrEqualTo(1.5e-6);
        }
    }
}

package io.footbridge.analytics.clv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HypergeometricTests {

    @Test
    void closedFormsAreMatchedUpToZCloseToOne() {
        // 2F1(1, 1; 2; z) = −ln(1 − z) / z
        for (double z : new double[]{0, 0.1, 0.5, 0.9, 0.999}) {
            double expected = z == 0 ? 1 : -Math.log1p(-z) / z;
            assertThat(Math.exp(Hypergeometric.log2F1(1, 1, 2, z))).isCloseTo(expected, within(1e-12 * expected));
        }
        // 2F1(a, b; b; z) = (1 − z)^(−a)
        assertThat(Hypergeometric.log2F1(2.5, 3, 3, 0.7)).isCloseTo(-2.5 * Math.log(0.3), within(1e-12));
    }

    @Test
    void heavyBuyersGiveAFiniteLogarithmWhereThePlainSeriesOverflows() {
        // a = b = 500, c = 300, z = 0.9: terms pass 1e308 long before they shrink; 2F1(a, b; b; z) = (1 − z)^−a
        double log = Hypergeometric.log2F1(500, 300, 300, 0.9);
        assertThat(log).isCloseTo(-500 * Math.log(0.1), within(1e-9 * 500 * Math.log(10)));
        BgNbd model = new BgNbd(0.243, 4.414, 0.793, 2.426, 0);
        double expected = model.expectedPurchases(new Customer("heavy", 400, 38, 39, 10), 52);
        assertThat(expected).isFinite().isPositive();
    }

    @Test
    void theCommandRefusesBadArgumentsAndRowsNamingThem(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("p.csv");
        Files.write(file, List.of("customer_id,date,amount", "c1,2026-01-05,12.50", "c1,yesterday,3"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertThat(ClvCommand.run(new String[]{"clv", "--transactions", file.toString()}, out, errors)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--calibration-end");
        err.reset();
        assertThat(ClvCommand.run(new String[]{"clv", "--transactions", file.toString(), "--calibration-end",
                "2026-02-01", "--unit", "fortnight"}, out, errors)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--unit");
        err.reset();
        assertThat(ClvCommand.run(new String[]{"clv", "--transactions", file.toString(), "--calibration-end",
                "2026-02-01"}, out, errors)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 3");
    }
}

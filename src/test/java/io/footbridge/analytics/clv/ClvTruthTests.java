package io.footbridge.analytics.clv;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The lifetime-value fit against the published CDNOW results (Fader, Hardie and Lee 2005; Fader and Hardie 2013):
 * the 2,357-customer sample, calibration 1997-01-01 … 1997-09-30, time in weeks.
 */
class ClvTruthTests {

    /** Beside the project, or where FOOTBRIDGE_DATASETS points (a checkout in another folder). */
    private static final Path CDNOW = Path.of(System.getenv().getOrDefault("FOOTBRIDGE_DATASETS",
            "../shared/datasets"), "cdnow");

    @BeforeAll
    static void needsTheDataSet() {
        assumeThat(Files.isDirectory(CDNOW)).as("CDNOW data set in " + CDNOW.toAbsolutePath()
                + " (see ../shared/datasets/README.md); skipped without it").isTrue();
    }

    @Test
    void theBgNbdFitOnThePublishedSummaryReproducesThePublishedParameters() throws IOException {
        List<Customer> customers = new ArrayList<>();
        for (String line : Files.readAllLines(CDNOW.resolve("cdnow_customers_summary.csv")).subList(1, 2358)) {
            String[] f = line.split(",");
            customers.add(new Customer(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), 0));
        }

        BgNbd fit = BgNbd.fit(customers);

        assertThat(threeDigits(fit.r())).isEqualTo("0.243");
        assertThat(threeDigits(fit.alpha())).isEqualTo("4.41");
        assertThat(threeDigits(fit.a())).isEqualTo("0.793");
        assertThat(threeDigits(fit.b())).isEqualTo("2.43");
        // the published log-likelihood of this fit
        assertThat(fit.logLikelihood()).isCloseTo(-9582.4, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void theCommandFitsBothModelsFromTheSamplesPurchasesAndPredictsEveryCustomer(@TempDir Path dir)
            throws IOException {
        Path purchases = dir.resolve("cdnow.csv");
        List<String> rows = new ArrayList<>(List.of("customer_id,date,amount"));
        for (String line : Files.readAllLines(CDNOW.resolve("CDNOW_sample.txt"))) {
            String[] f = line.trim().split("\\s+");
            String d = f[2];
            rows.add(f[0] + "," + d.substring(0, 4) + "-" + d.substring(4, 6) + "-" + d.substring(6) + "," + f[4]);
        }
        Files.write(dir.resolve("cdnow.csv"), rows);
        Path predictions = dir.resolve("predictions.csv");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = ClvCommand.run(new String[]{"clv", "--transactions", purchases.toString(), "--calibration-end",
                "1997-09-30", "--unit", "week", "--horizon", "39", "--output", predictions.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Map<String, Double> printed = parameters(out.toString(StandardCharsets.UTF_8));
        assertThat(threeDigits(printed.get("r"))).isEqualTo("0.243");
        assertThat(threeDigits(printed.get("alpha"))).isEqualTo("4.41");
        assertThat(threeDigits(printed.get("a"))).isEqualTo("0.793");
        assertThat(threeDigits(printed.get("b"))).isEqualTo("2.43");
        assertThat(threeDigits(printed.get("p"))).isEqualTo("6.25");
        assertThat(threeDigits(printed.get("q"))).isEqualTo("3.74");
        assertThat(threeDigits(printed.get("gamma"))).isEqualTo("15.4");

        List<String> written = Files.readAllLines(predictions);
        assertThat(written.get(0)).isEqualTo(
                "customer_id,frequency,recency,T,monetary,p_alive,expected_purchases,expected_value");
        assertThat(written).hasSize(2358);
        // the first customer of the sample, the first row of the published summary: x = 2, tₓ = 30.43, T = 38.86
        String[] first = written.stream().filter(l -> l.startsWith("00004,")).findFirst().orElseThrow().split(",");
        assertThat(Integer.parseInt(first[1])).isEqualTo(2);
        assertThat(Double.parseDouble(first[2])).isCloseTo(30.43, org.assertj.core.data.Offset.offset(0.01));
        assertThat(Double.parseDouble(first[3])).isCloseTo(38.86, org.assertj.core.data.Offset.offset(0.01));
    }

    private static Map<String, Double> parameters(String printed) {
        Map<String, Double> values = new HashMap<>();
        assertThat(printed).containsPattern("(?m)^bgnbd r=\\S+ alpha=\\S+ a=\\S+ b=\\S+ ll=\\S+$")
                .containsPattern("(?m)^gammagamma p=\\S+ q=\\S+ gamma=\\S+$");
        Matcher m = Pattern.compile("(\\w+)=(\\S+)").matcher(printed);
        while (m.find()) {
            values.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return values;
    }

    private static String threeDigits(double value) {
        return new BigDecimal(value).round(new MathContext(3)).toPlainString();
    }
}

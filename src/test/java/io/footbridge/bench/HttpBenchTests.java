package io.footbridge.bench;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load generator, run as the separate process would run it, against this test's server: it sets itself up
 * through the API, and what it reports as answered is what the server really did.
 */
class HttpBenchTests extends ApiTest {

    private static final Pattern LINE = Pattern.compile("^(\\S+ \\S+).* — .*: ([\\d,]+) answered, .* errors (\\d+)$",
            Pattern.MULTILINE);

    @Test
    void drivesEveryPathAtARateAndReportsWhatTheServerDid() {
        TestTenant tenant = newTenant();
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();

        int exit = HttpBench.run(new String[] {"bench", "http", "--target", "http://localhost:" + port,
                "--user", tenant.adminEmail() + ":" + PASSWORD, "--paths", "q,events,redeem,batch,static",
                "--rate", "10", "--connections", "2", "--duration", "2", "--warmup=0", "--batch-size", "5"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        String report = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(report + err).isZero();
        Matcher lines = LINE.matcher(report);
        int paths = 0;
        long redeemed = -1;
        while (lines.find()) {
            paths++;
            long answered = Long.parseLong(lines.group(2).replace(",", ""));
            assertThat(answered).as(lines.group()).isPositive();
            assertThat(lines.group(3)).as(lines.group()).isEqualTo("0");
            if (lines.group(1).equals("POST /api/v1/coupons/redeem")) {
                redeemed = answered;
            }
        }
        assertThat(paths).as(report).isEqualTo(5);

        JsonNode offer = tenant.admin().get("/api/v1/offers").json().get("items").get(0);
        assertThat(offer.get("name").asString()).startsWith("Benchmark");
        var stats = tenant.admin().get("/api/v1/offers/" + offer.get("id").asString() + "/stats").json();
        assertThat(stats.get("redeemed").asLong()).as("every redemption reported happened").isEqualTo(redeemed);
    }

    @Test
    void wrongCredentialsOrOptionsSayWhatIsWrong() {
        var err = new ByteArrayOutputStream();
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertThat(HttpBench.run(new String[] {"bench", "http", "--target", "http://localhost:" + port,
                "--user", "nobody@example.com:wrong"}, out, errors)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("could not set up").contains("401");

        err.reset();
        assertThat(HttpBench.run(new String[] {"bench", "http", "--user", "a:b", "--rate", "fast"}, out, errors))
                .isEqualTo(2);
        assertThat(HttpBench.run(new String[] {"bench", "http", "--user", "a:b", "--paths", "q,nope"}, out, errors))
                .isEqualTo(2);
        assertThat(HttpBench.run(new String[] {"bench", "http", "--colour", "red"}, out, errors)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown path: nope").contains("unknown option");
    }
}

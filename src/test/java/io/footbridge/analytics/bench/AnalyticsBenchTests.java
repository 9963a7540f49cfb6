package io.footbridge.analytics.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command's options: wrong ones are refused with the usage before anything is filled or asked. */
class AnalyticsBenchTests {

    @Test
    void wrongOptionsAreRefusedWithTheUsageAndExitCodeTwo() {
        assertThat(run("bench", "analytics", "--user", "a@b.c:pw", "--jdbc", "jdbc:postgresql://h/db", "--color",
                "red")).contains("unknown option --color");
        // without --jdbc the command falls back to SPRING_DATASOURCE_URL, which the PostgreSQL test run sets
        assertThat(run("bench", "analytics", "--jdbc", "jdbc:postgresql://h/db")).contains("--user");
        assertThat(run("bench", "analytics", "--user", "a@b.c:pw", "--jdbc", "jdbc:h2:mem:x")).contains("--jdbc");
        assertThat(run("bench", "analytics", "--user", "a@b.c:pw", "--jdbc", "jdbc:postgresql://h/db",
                "--customers", "10", "--sales", "5")).contains("wrong number");
        assertThat(run("bench", "analytics", "--user", "a@b.c:pw", "--jdbc", "jdbc:postgresql://h/db",
                "--runs", "many")).contains("wrong number");
    }

    @Test
    void thePercentileIsTheNearestRankOfTheSortedTimes() {
        List<Double> times = List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0,
                15.0, 16.0, 17.0, 18.0, 19.0, 20.0);
        assertThat(AnalyticsBench.percentile(times, 0.95)).isEqualTo(19.0);
        assertThat(AnalyticsBench.percentile(times, 0.50)).isEqualTo(10.0);
        assertThat(AnalyticsBench.percentile(List.of(7.0), 0.95)).isEqualTo(7.0);
    }

    private static String run(String... args) {
        var err = new ByteArrayOutputStream();
        int status = AnalyticsBench.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertThat(status).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains("usage: java -jar footbridge.jar bench analytics");
        return err.toString();
    }
}

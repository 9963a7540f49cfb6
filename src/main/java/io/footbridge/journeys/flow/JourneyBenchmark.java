package io.footbridge.journeys.flow;

import io.footbridge.platform.Database;
import io.footbridge.platform.Tenants;
import io.footbridge.platform.Timestamps;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code java -jar footbridge.jar bench journeys [--people=100000] [--rate=1000] [--workers=0]}: people waiting in a
 * journey, their waits falling due at {@code --rate} a second (0: all at once, to find the most it moves). The
 * application's own {@code journeys-due} task moves them, with {@code --workers} more threads claiming beside it as
 * more nodes would. Reports the firings a second, how late each person went on (due time to the moment their batch
 * was claimed) and whether any step ran twice. Uses a journey of its own in the first tenant (the one created on first start), removed afterwards.
 */
@Component
@ConditionalOnProperty(name = "footbridge.command", havingValue = "bench")
class JourneyBenchmark implements ApplicationRunner {

    private static final int BATCH = 10_000;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Runner runner;
    private final Database database;
    private final Tenants tenants;

    JourneyBenchmark(JdbcClient jdbc, JdbcTemplate template, Runner runner, Database database, Tenants tenants) {
        this.tenants = tenants;
        this.jdbc = jdbc;
        this.template = template;
        this.runner = runner;
        this.database = database;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (!args.getNonOptionArgs().contains("journeys")) {
            return;
        }
        int people = option(args, "people", 100_000);
        int rate = option(args, "rate", 1000);
        int workers = option(args, "workers", 0);
        Instant now = Instant.now();
        // the tenant created on first start
        UUID tenantId = tenants.all().stream().findFirst().map(Tenants.TenantRef::id)
                .orElseThrow(() -> new IllegalStateException("no tenant: start the server once to create one"));
        UUID journey = UUID.randomUUID();
        // written paused, so nothing moves while the waits are written
        jdbc.sql("""
                        INSERT INTO journey (id, tenant_id, name, status, version, activated_at, created_at, updated_at)
                        VALUES (:id, :t, 'bench', 'paused', 1, :now, :now, :now)
                        """)
                .param("id", journey).param("t", tenantId).param("now", Timestamps.of(now)).update();
        jdbc.sql("INSERT INTO journey_version (journey_id, version, definition, created_at) VALUES (:id, 1, :d, :now)")
                .param("id", journey).param("now", Timestamps.of(now))
                .param("d", "{\"name\": \"bench\", \"trigger\": {\"api\": {}},"
                        + " \"steps\": [{\"wait\": \"PT1S\"}, {\"exit\": {}}]}").update();
        try {
            measure(tenantId, journey, people, rate, workers);
        } finally {
            jdbc.sql("DELETE FROM journey_step WHERE journey_id = :id").param("id", journey).update();
            jdbc.sql("DELETE FROM journey_entry WHERE journey_id = :id").param("id", journey).update();
            jdbc.sql("DELETE FROM journey_version WHERE journey_id = :id").param("id", journey).update();
            jdbc.sql("DELETE FROM journey WHERE id = :id").param("id", journey).update();
        }
    }

    private void measure(UUID tenantId, UUID journey, int people, int rate, int workers) throws Exception {
        long writeStart = System.nanoTime();
        // writing must end before the first wait falls due, also on a loaded machine (at 1,000 rows a second)
        Instant firstDue = Instant.now().plusSeconds(Math.max(5, people / 1_000));
        double spacingNanos = rate > 0 ? 1e9 / rate : 0;
        List<Object[]> rows = new ArrayList<>(BATCH);
        for (int i = 0; i < people; i++) {
            Instant due = firstDue.plusNanos((long) (i * spacingNanos));
            // entered_at keeps the due time: the entry's own due_at is cleared when it ends
            rows.add(new Object[]{UUID.randomUUID(), tenantId, journey, UUID.randomUUID(), Timestamps.of(due),
                    Timestamps.of(due)});
            if (rows.size() == BATCH || i == people - 1) {
                template.batchUpdate("""
                        INSERT INTO journey_entry (id, tenant_id, journey_id, version, person_id, holdout, status, pc,
                            wait_pc, steps_run, attempts, due_at, entered_at)
                        VALUES (?, ?, ?, 1, ?, FALSE, 'active', 1, 0, 1, 0, ?, ?)
                        """, rows);
                rows.clear();
            }
        }
        double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
        jdbc.sql("UPDATE journey SET status = 'active' WHERE id = :id").param("id", journey).update();
        double headStart = Duration.between(Instant.now(), firstDue).toNanos() / 1e9;

        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService extra = Executors.newFixedThreadPool(Math.max(1, workers));
        for (int w = 0; w < workers; w++) {
            extra.submit(() -> {
                while (running.get()) {
                    if (runner.runDue(Instant.now()) == 0) {
                        Thread.sleep(50);
                    }
                }
                return null;
            });
        }
        long fireStart = System.nanoTime();
        long deadline = fireStart + Duration.ofHours(2).toNanos();
        long ended = 0;
        while (ended < people && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            ended = jdbc.sql("SELECT COUNT(*) FROM journey_entry WHERE journey_id = :id AND status = 'done'")
                    .param("id", journey).query(Long.class).single();
        }
        running.set(false);
        extra.shutdown();
        extra.awaitTermination(1, TimeUnit.MINUTES);

        List<Long> late = jdbc.sql("""
                        SELECT entered_at, ended_at FROM journey_entry WHERE journey_id = :id AND status = 'done'
                        """)
                .param("id", journey).query((rs, n) -> Duration.between(Timestamps.instant(rs, "entered_at"),
                        Timestamps.instant(rs, "ended_at")).toNanos()).list();
        long[] sorted = late.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        long twice = jdbc.sql("""
                        SELECT COUNT(*) FROM (SELECT entry_id FROM journey_step WHERE journey_id = :id AND kind = 'exit'
                            GROUP BY entry_id HAVING COUNT(*) > 1) t
                        """)
                .param("id", journey).query(Long.class).single();
        Instant lastEnd = jdbc.sql("SELECT MAX(ended_at) AS last_end FROM journey_entry WHERE journey_id = :id")
                .param("id", journey).query((rs, n) -> Timestamps.instant(rs, "last_end")).single();
        double fireSeconds = lastEnd == null ? 0 : Math.max(0.001,
                Duration.between(firstDue, lastEnd).toNanos() / 1e9);
        System.out.printf("""
                        journeys benchmark on %s: %,d people waiting, %s, the journeys-due task%s
                          written  %,.0f waits/s (%.1f s), active %.1f s before the first due time%s
                          moved on %,.0f people/s (%,d of %,d in %.1f s from the first due time)
                          lateness p50 %.1f ms, p99 %.1f ms, max %.1f ms (due time to the claim of its batch)
                          steps run twice: %,d
                        """, database.description(), people, rate > 0 ? "due at " + rate + "/s" : "all due at once",
                workers > 0 ? " and " + workers + " more workers" : "", people / writeSeconds, writeSeconds,
                headStart, headStart < 0 ? " (late: the lateness counts the writing)" : "",
                sorted.length / fireSeconds, sorted.length, people, fireSeconds, percentile(sorted, 0.50),
                percentile(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, twice);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static int option(ApplicationArguments args, String name, int fallback) {
        List<String> values = args.getOptionValues(name);
        return values == null || values.isEmpty() ? fallback : Integer.parseInt(values.get(0));
    }
}

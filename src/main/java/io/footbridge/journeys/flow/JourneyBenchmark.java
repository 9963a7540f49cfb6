package io.footbridge.journeys.flow;

import io.footbridge.capture.CaptureFeeds;
import io.footbridge.capture.EventRecorder;
import io.footbridge.platform.Database;
import io.footbridge.platform.Tenants;
import io.footbridge.platform.Timestamps;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

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
import java.util.concurrent.atomic.AtomicInteger;

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
    /** The event type the trigger benchmark's journey starts on; no other journey listens for it. */
    private static final String TRIGGER = "bench.journey-trigger";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Runner runner;
    private final Database database;
    private final Tenants tenants;
    private final EventRecorder recorder;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final CaptureFeeds feeds;

    JourneyBenchmark(JdbcClient jdbc, JdbcTemplate template, Runner runner, Database database, Tenants tenants,
                     EventRecorder recorder, TransactionTemplate transactions, JsonMapper json, CaptureFeeds feeds) {
        this.json = json;
        this.feeds = feeds;
        this.tenants = tenants;
        this.recorder = recorder;
        this.transactions = transactions;
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
        int waiting = option(args, "waiting", 0);
        int events = option(args, "events", 0);
        Instant now = Instant.now();
        // the tenant created on first start
        UUID tenantId = tenants.all().stream().findFirst().map(Tenants.TenantRef::id)
                .orElseThrow(() -> new IllegalStateException("no tenant: start the server once to create one"));
        if (args.containsOption("resume")) {
            resume(tenantId);
            return;
        }
        UUID journey = UUID.randomUUID();
        // written paused, so nothing moves while the waits are written
        jdbc.sql("""
                        INSERT INTO journey (id, tenant_id, name, status, version, activated_at, created_at, updated_at)
                        VALUES (:id, :t, 'bench', 'paused', 1, :now, :now, :now)
                        """)
                .param("id", journey).param("t", tenantId).param("now", Timestamps.of(now)).update();
        jdbc.sql("INSERT INTO journey_version (journey_id, version, definition, created_at) VALUES (:id, 1, :d, :now)")
                .param("id", journey).param("now", Timestamps.of(now))
                .param("d", events > 0
                        ? "{\"name\": \"bench\", \"trigger\": {\"event\": {\"type\": \"" + TRIGGER + "\"}},"
                        + " \"steps\": [{\"wait\": \"P30D\"}, {\"exit\": {}}]}"
                        : "{\"name\": \"bench\", \"trigger\": {\"api\": {}},"
                        + " \"steps\": [{\"wait\": \"PT1S\"}, {\"exit\": {}}]}").update();
        try {
            if (events > 0) {
                triggers(tenantId, journey, events, Math.max(1, rate), waiting, args.containsOption("known"));
            } else {
                measure(tenantId, journey, people, rate, workers, waiting);
            }
        } finally {
            remove(journey);
        }
    }

    private long twice(UUID journey) {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM (SELECT entry_id FROM journey_step WHERE journey_id = :id AND kind = 'exit'
                            GROUP BY entry_id HAVING COUNT(*) > 1) t
                        """)
                .param("id", journey).query(Long.class).single();
    }

    private void remove(UUID journey) {
        jdbc.sql("DELETE FROM journey_step WHERE journey_id = :id").param("id", journey).update();
        jdbc.sql("DELETE FROM journey_entry WHERE journey_id = :id").param("id", journey).update();
        // people entered by a trigger have a row of their own
        jdbc.sql("DELETE FROM journey_person WHERE journey_id = :id").param("id", journey).update();
        jdbc.sql("DELETE FROM journey_version WHERE journey_id = :id").param("id", journey).update();
        jdbc.sql("DELETE FROM journey WHERE id = :id").param("id", journey).update();
    }

    private void measure(UUID tenantId, UUID journey, int people, int rate, int workers, int waiting)
            throws Exception {
        long writeStart = System.nanoTime();
        // the others waiting fall due long after the run: they are the table the claims search, not work
        Instant later = Instant.now().plus(Duration.ofDays(30));
        write(tenantId, journey, waiting, i -> later.plusMillis(i));
        // writing must end before the first wait falls due, also on a loaded machine (at 1,000 rows a second)
        Instant firstDue = Instant.now().plusSeconds(Math.max(5, people / 1_000));
        double spacingNanos = rate > 0 ? 1e9 / rate : 0;
        write(tenantId, journey, people, i -> firstDue.plusNanos((long) (i * spacingNanos)));
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
        long twice = twice(journey);
        Instant lastEnd = jdbc.sql("SELECT MAX(ended_at) AS last_end FROM journey_entry WHERE journey_id = :id")
                .param("id", journey).query((rs, n) -> Timestamps.instant(rs, "last_end")).single();
        double fireSeconds = lastEnd == null ? 0 : Math.max(0.001,
                Duration.between(firstDue, lastEnd).toNanos() / 1e9);
        System.out.printf("""
                        journeys benchmark on %s: %,d people waiting, %s, %,d more waiting for later, \
                        the journeys-due task%s
                          written  %,.0f waits/s (%.1f s), active %.1f s before the first due time%s
                          moved on %,.0f people/s (%,d of %,d in %.1f s from the first due time)
                          lateness p50 %.1f ms, p99 %.1f ms, max %.1f ms (due time to the claim of its batch)
                          steps run twice: %,d
                        """, database.description(), people, rate > 0 ? "due at " + rate + "/s" : "all due at once",
                waiting,
                workers > 0 ? " and " + workers + " more workers" : "", (people + waiting) / writeSeconds, writeSeconds,
                headStart, headStart < 0 ? " (late: the lateness counts the writing)" : "",
                sorted.length / fireSeconds, sorted.length, people, fireSeconds, percentile(sorted, 0.50),
                percentile(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, twice);
    }

    /**
     * Events of new people sent at {@code rate} a second through capture's recorder, each starting the benchmark's
     * journey once identity has named its person: how long from the event to the person inside the journey.
     */
    private void triggers(UUID tenantId, UUID journey, int events, int rate, int waiting, boolean known)
            throws Exception {
        long writeStart = System.nanoTime();
        Instant later = Instant.now().plus(Duration.ofDays(30));
        write(tenantId, journey, waiting, i -> later.plusMillis(i));
        double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
        settle(tenantId);
        String run = UUID.randomUUID().toString().substring(0, 8);
        if (known) {
            // the people are known before their trigger: what is measured is the trigger, not a new profile each
            List<EventRecorder.NewEvent> batch = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                batch.add(new EventRecorder.NewEvent("bench-known-" + run + "-" + i, "bench.journey-known",
                        Instant.now(), null, null, email(run, i), null));
                if (batch.size() == 1000 || i == events - 1) {
                    List<EventRecorder.NewEvent> these = List.copyOf(batch);
                    transactions.executeWithoutResult(tx -> recorder.record(tenantId, "bench", these));
                    batch.clear();
                    if (i < 1000) {
                        settle(tenantId);
                    }
                }
            }
            settle(tenantId);
        }
        jdbc.sql("UPDATE journey SET status = 'active', activated_at = :now WHERE id = :id")
                .param("id", journey).param("now", Timestamps.of(Instant.now())).update();
        // events received before the journey's activation do not start it
        Thread.sleep(1000);
        Instant startedAt = Instant.now().plusMillis(200);
        long start = System.nanoTime() + Duration.ofMillis(200).toNanos();
        int threads = 8;
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        List<java.util.concurrent.Future<Object>> sending = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            sending.add(senders.submit(() -> {
                for (int i = next.getAndIncrement(); i < events; i = next.getAndIncrement()) {
                    long offset = (long) (i * 1e9 / rate);
                    long wait = start + offset - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    // the event's time is its scheduled moment, so a sender that fell behind counts as late
                    Instant at = startedAt.plusNanos(offset);
                    var event = new EventRecorder.NewEvent("bench-" + run + "-" + i, TRIGGER, at, null, null,
                            email(run, i),
                            "{\"at\": " + at.toEpochMilli() + "}");
                    transactions.executeWithoutResult(tx -> recorder.record(tenantId, "bench", List.of(event)));
                }
                return null;
            }));
        }
        senders.shutdown();
        for (var sender : sending) {
            // a sender that failed fails the run rather than reporting fewer events as fast
            sender.get();
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        long entered = 0;
        while (entered < events && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            entered = jdbc.sql("SELECT COUNT(*) FROM journey_entry WHERE journey_id = :id AND context IS NOT NULL")
                    .param("id", journey).query(Long.class).single();
        }
        // the context is the triggering event's properties: its scheduled moment
        long[] sorted = jdbc.sql("SELECT entered_at, context FROM journey_entry WHERE journey_id = :id"
                        + " AND context IS NOT NULL")
                .param("id", journey)
                .query((rs, n) -> Duration.between(Instant.ofEpochMilli(json.readTree(rs.getString("context"))
                        .get("at").asLong()), Timestamps.instant(rs, "entered_at")).toNanos()).list().stream()
                .mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("""
                        journeys trigger benchmark on %s: %,d events of %s people at %,d/s, %,d people waiting \
                        for later
                          written  %,d waits in %.1f s; events sent in %.1f s (%,.0f/s)
                          started  %,d of %,d journeys
                          event to entry p50 %.1f ms, p99 %.1f ms, max %.1f ms (the event's time to its person \
                        entering, through identity)
                        """, database.description(), events, known ? "known" : "new", rate, waiting, waiting,
                writeSeconds, sendSeconds,
                events / sendSeconds, sorted.length, events, percentile(sorted, 0.50), percentile(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    /**
     * After the benchmark's process was killed half-way ({@code kill -9}): this node takes over the waits the killed
     * one left, those that fell due while no node ran among them, and reports how it caught up.
     */
    private void resume(UUID tenantId) throws Exception {
        UUID journey = jdbc.sql("SELECT id FROM journey WHERE tenant_id = :t AND name = 'bench'"
                        + " ORDER BY created_at DESC FETCH FIRST 1 ROWS ONLY")
                .param("t", tenantId).query(UUID.class).optional()
                .orElseThrow(() -> new IllegalStateException("no benchmark journey left to resume"));
        Instant resumed = Instant.now();
        long overdue = jdbc.sql("SELECT COUNT(*) FROM journey_entry WHERE journey_id = :id AND status = 'active'"
                        + " AND due_at <= :now")
                .param("id", journey).param("now", Timestamps.of(resumed)).query(Long.class).single();
        // the others waiting (--waiting) fall due in a month: not part of the catching up
        Instant soon = resumed.plus(Duration.ofDays(1));
        long left = 1;
        long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
        while (left > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            left = jdbc.sql("SELECT COUNT(*) FROM journey_entry WHERE journey_id = :id AND status = 'active'"
                            + " AND due_at < :soon")
                    .param("id", journey).param("soon", Timestamps.of(soon)).query(Long.class).single();
        }
        Instant caughtUp = jdbc.sql("SELECT MAX(ended_at) AS last_end FROM journey_entry WHERE journey_id = :id")
                .param("id", journey).query((rs, n) -> Timestamps.instant(rs, "last_end")).single();
        long total = jdbc.sql("SELECT COUNT(*) FROM journey_entry WHERE journey_id = :id AND entered_at < :soon")
                .param("id", journey).param("soon", Timestamps.of(soon)).query(Long.class).single();
        if (caughtUp == null || caughtUp.isBefore(resumed)) {
            caughtUp = resumed;
        }
        System.out.printf("""
                        journeys resume on %s: %,d people due in the killed run, %,d overdue when this node started
                          caught up %.1f s after starting (%,d still waiting)
                          steps run twice: %,d
                        """, database.description(), total, overdue,
                Duration.between(resumed, caughtUp).toNanos() / 1e9, left, twice(journey));
        remove(journey);
    }

    /**
     * Waits until identity and journeys have followed the tenant's events, then lets PostgreSQL know the tables' new
     * sizes: with autovacuum off (as on a build machine) plans made for empty tables would be kept for full ones.
     */
    private void settle(UUID tenantId) throws InterruptedException {
        // identity names the people, the journeys feed hears the events: the others may lag as they would
        while (feeds.backlog(tenantId).stream().filter(b -> b.feed().equals("identity") || b.feed().equals("journeys"))
                .anyMatch(b -> !b.caughtUp())) {
            Thread.sleep(500);
        }
        if (database.postgres()) {
            jdbc.sql("ANALYZE").update();
        }
    }

    private static String email(String run, int i) {
        return "{\"email\": \"bench-" + run + "-" + i + "@bench.invalid\"}";
    }

    private void write(UUID tenantId, UUID journey, int count, java.util.function.IntFunction<Instant> dueOf) {
        List<Object[]> rows = new ArrayList<>(BATCH);
        for (int i = 0; i < count; i++) {
            Instant due = dueOf.apply(i);
            // entered_at keeps the due time: the entry's own due_at is cleared when it ends
            rows.add(new Object[]{UUID.randomUUID(), tenantId, journey, UUID.randomUUID(), Timestamps.of(due),
                    Timestamps.of(due)});
            if (rows.size() == BATCH || i == count - 1) {
                template.batchUpdate("""
                        INSERT INTO journey_entry (id, tenant_id, journey_id, version, person_id, holdout, status, pc,
                            wait_pc, steps_run, attempts, due_at, entered_at)
                        VALUES (?, ?, ?, 1, ?, FALSE, 'active', 1, 0, 1, 0, ?, ?)
                        """, rows);
                rows.clear();
            }
        }
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

package io.footbridge.capture.bench;

import io.footbridge.bench.OpenLoad;
import io.footbridge.bench.Statistics;
import io.footbridge.platform.CommandOptions;
import io.footbridge.platform.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code java -jar footbridge.jar bench ingest}: measures the ingestion path end to end over HTTP against this very
 * server, next to a raw multi-row INSERT of the same rows, and the latency of single events under many concurrent
 * clients. Client and server share the machine, so the figures are a floor, not a ceiling.
 */
@Component
@ConditionalOnProperty(name = "footbridge.command", havingValue = "bench")
class IngestBenchmark implements ApplicationRunner {

    private static final String RAW_INSERT_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Environment environment;
    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final BenchApi api;
    private final MeterRegistry meters;
    private final Database database;

    IngestBenchmark(Environment environment, JdbcTemplate jdbc, JsonMapper json, MeterRegistry meters,
                    Database database) {
        this.environment = environment;
        this.database = database;
        this.meters = meters;
        this.jdbc = jdbc;
        this.json = json;
        this.api = new BenchApi(environment, json);
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (java.util.stream.Stream.of("import", "links", "messages", "offers", "scheduler", "journeys",
                        "loyalty")
                .anyMatch(args.getNonOptionArgs()::contains)) {
            return; // another benchmark's
        }
        if (!args.getNonOptionArgs().contains("ingest")) {
            System.out.println("usage: footbridge bench ingest [--events=200000] [--batch-clients=2] "
                    + "[--clients=200] [--seconds=20] [--rate=events-per-second]\n"
                    + "       footbridge bench import [--lines=1000000]\n"
                    + "       footbridge bench links [--clients=200] [--seconds=20] [--rate=1000]\n"
                    + "       footbridge bench messages [--messages=10000] [--people=1000] [--threads=8]\n"
                    + "       footbridge bench offers [--clients=200] [--seconds=20] [--rate=200]\n"
                    + "       footbridge bench loyalty [--members=2000] [--earns=20000] [--rate=500]\n"
                    + "       footbridge bench scheduler [--executions=1000000] [--rate=0] [--threads=12]\n"
                    + "       footbridge bench journeys [--people=100000] [--rate=1000] [--workers=0]");
            return;
        }
        CommandOptions options = CommandOptions.parse(args.getSourceArgs(),
                CommandOptions.Spec.of("events", "batch-clients", "clients", "seconds", "rate")
                        .after("bench", "ingest").passingSpringSettings());
        int events = options.count("events", 200_000);
        int batchClients = options.count("batch-clients", 2);
        int clients = options.count("clients", 200);
        int seconds = options.count("seconds", 20);
        int rate = options.count("rate", 0);
        String base = "http://localhost:" + environment.getProperty("local.server.port");
        String apiKey = api.setUp(base, List.of("events:write")).authorization();
        String database = this.database.description();
        System.out.printf("%nFootbridge ingestion benchmark on %s, %d cores, Java %s%n", database,
                Runtime.getRuntime().availableProcessors(), Runtime.version());

        // warm-up, so the JIT and the connection pools are not what is measured
        batches(base, apiKey, 20_000, batchClients);
        double api = batches(base, apiKey, events, batchClients);
        double raw = rawInsert(events);
        System.out.printf("batch API (1,000 per request, %d clients): %,10.0f events/s%n", batchClients, api);
        System.out.printf("raw multi-row INSERT (1,000 rows each):   %,10.0f rows/s%n", raw);
        System.out.printf("ratio API / raw:                          %10.2f%n", api / raw);
        Statistics.refresh(this.database, jdbc.getDataSource());
        catchUp();

        singles(base, apiKey, clients, 10, 0);
        OpenLoad.Result singles = singles(base, apiKey, clients, seconds, rate);
        if (singles.failures() > 0) {
            System.out.println("single events refused: " + singles.failures());
        }
        System.out.printf("single events, %d concurrent clients, %s, %d s: %,d events, %,.0f events/s, "
                        + "p50 %.1f ms, p99 %.1f ms, max %.1f ms%n%n", clients,
                rate > 0 ? "offered " + rate + " events/s" : "as fast as they can", seconds,
                singles.latencies().length, singles.latencies().length / (double) seconds, singles.percentile(50),
                singles.percentile(99), singles.max());
        identityCost();
    }

    /**
     * Waits until identity resolution, which runs behind ingestion on the same cores, has resolved the bulk load,
     * so that the single-event phase measures the steady state.
     */
    private void catchUp() throws InterruptedException {
        Timer timer = meters.find("footbridge.identity.resolve").timer();
        if (timer == null) {
            return;
        }
        long before = timer.count();
        long started = System.nanoTime();
        long last = -1;
        while (timer.count() != last && System.nanoTime() - started < 1_800_000_000_000L) {
            last = timer.count();
            Thread.sleep(5000);
        }
        double seconds = (System.nanoTime() - started) / 1e9 - 5;
        System.out.printf("identity resolution caught up after the bulk load: %,d more events in %.0f s"
                + " (%,.0f events/s on one resolver thread)%n", timer.count() - before, seconds,
                (timer.count() - before) / Math.max(1, seconds));
    }

    /** What resolving each event into a profile adds, from the resolver's own timer (its recent window). */
    private void identityCost() throws InterruptedException {
        Timer timer = meters.find("footbridge.identity.resolve").timer();
        if (timer == null) {
            return;
        }
        Thread.sleep(15_000); // the commit horizon and a poll: the last single events are resolved
        var snapshot = timer.takeSnapshot();
        double p50 = 0;
        double p99 = 0;
        for (var value : snapshot.percentileValues()) {
            if (value.percentile() == 0.5) {
                p50 = value.value(java.util.concurrent.TimeUnit.MILLISECONDS);
            } else if (value.percentile() == 0.99) {
                p99 = value.value(java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }
        System.out.printf("identity resolution per event: p50 %.2f ms, p99 %.2f ms (recent events); %,d events,"
                        + " %.2f ms on average over the whole run%n%n", p50, p99, timer.count(),
                timer.mean(java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    private double batches(String base, String apiKey, int events, int threads) throws Exception {
        int batches = Math.max(1, events / 1000);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    while (next.getAndIncrement() < batches) {
                        List<Map<String, Object>> batch = new ArrayList<>(1000);
                        for (int i = 0; i < 1000; i++) {
                            batch.add(event());
                        }
                        JsonNode result = api.call(base + "/api/v1/events/batch", apiKey, Map.of("events", batch), 200);
                        if (result.get("accepted").asInt() != 1000) {
                            throw new IllegalStateException("batch not fully accepted: " + result.get("rejected"));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return batches * 1000 / ((System.nanoTime() - start) / 1e9);
    }

    /** The same rows as the API writes, straight into the table: the ceiling for this database and machine. */
    private double rawInsert(int rows) {
        UUID tenant = UUID.randomUUID();
        String sql = "INSERT INTO capture_event (tenant_id, event_id, type, occurred_at, received_at, store_id, "
                + "touchpoint_id, source, identifiers, properties) VALUES "
                + String.join(", ", java.util.Collections.nCopies(1000, RAW_INSERT_ROW));
        UUID store = UUID.randomUUID();
        long start = System.nanoTime();
        for (int b = 0; b < rows / 1000; b++) {
            Object[] params = new Object[10_000];
            Timestamp now = Timestamp.from(Instant.now());
            for (int i = 0; i < 1000; i++) {
                Map<String, Object> e = event();
                int p = i * 10;
                params[p] = tenant;
                params[p + 1] = e.get("eventId");
                params[p + 2] = e.get("type");
                params[p + 3] = java.time.OffsetDateTime.parse((String) e.get("occurredAt"));
                params[p + 4] = java.time.OffsetDateTime.ofInstant(now.toInstant(), java.time.ZoneOffset.UTC);
                params[p + 5] = store;
                params[p + 6] = null;
                params[p + 7] = "raw";
                params[p + 8] = json.writeValueAsString(e.get("identifiers"));
                params[p + 9] = json.writeValueAsString(e.get("properties"));
            }
            jdbc.update(sql, params);
        }
        double rate = (rows / 1000) * 1000 / ((System.nanoTime() - start) / 1e9);
        jdbc.update("DELETE FROM capture_event WHERE tenant_id = ?", tenant);
        return rate;
    }

    private OpenLoad.Result singles(String base, String apiKey, int clients, int seconds, int rate) throws Exception {
        return OpenLoad.run(clients, seconds, rate, client -> http.send(BenchApi.request(base + "/api/v1/events",
                apiKey, json.writeValueAsString(event())), HttpResponse.BodyHandlers.ofString()).statusCode() == 201);
    }

    private static Map<String, Object> event() {
        String id = UUID.randomUUID().toString();
        return Map.of("eventId", id, "type", "qr.scan", "occurredAt", Instant.now().minusSeconds(5).toString(),
                "store", "BENCH-1",
                "identifiers", Map.of("anonymousId", id.substring(0, 18), "email", "guest" + id.substring(0, 6) + "@example.com"),
                "properties", Map.of("placement", "window-poster", "url", "https://shop.example/spring"));
    }
}

package io.footbridge.audiences.membership;

import io.footbridge.bench.BenchApi;
import io.footbridge.bench.OpenLoad;
import io.footbridge.bench.Statistics;
import io.footbridge.platform.CommandOptions;
import io.footbridge.platform.Database;
import io.footbridge.platform.Timestamps;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code java -jar footbridge.jar bench segments [--profiles=100000] [--rate=200] [--seconds=20] [--clients=20]
 * [--campaign=N]}: the three figures at a given size ({@code --campaign=N}: only the campaign's, to N
 * profiles, with an offer so that each recipient's code is issued, and where its time goes). It fills a tenant of its own through the events API (each profile signs up
 * with an e-mail and its marketing consent, and buys once), waits until the segments know everyone, then:
 * membership change latency (an event at {@code --rate} a second, each making one person enter a segment; from the
 * event's time to the entry), a new segment's first count (its creation, which evaluates everyone), and a campaign to
 * every profile queued (drawn, the consent gate passed, handed to messaging). Client and server share the machine.
 */
@Component
@ConditionalOnProperty(name = "footbridge.command", havingValue = "bench")
class SegmentsBenchmark implements ApplicationRunner {

    private static final int BATCH = 1000;

    private final Environment environment;
    private final ApplicationContext context;
    private final JdbcClient jdbc;
    private final BenchApi api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    SegmentsBenchmark(Environment environment, ApplicationContext context, JdbcClient jdbc, JsonMapper json) {
        this.environment = environment;
        this.context = context;
        this.jdbc = jdbc;
        this.api = new BenchApi(http, json);
    }

    private record Tenant(UUID id, String admin, String writer) {
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (!args.getNonOptionArgs().contains("segments")) {
            return;
        }
        CommandOptions options = CommandOptions.parse(args.getSourceArgs(),
                CommandOptions.Spec.of("profiles", "rate", "seconds", "clients", "campaign")
                        .after("bench", "segments").passingSpringSettings());
        int campaignOnly = options.count("campaign", 0);
        int profiles = campaignOnly > 0 ? campaignOnly : options.count("profiles", 100_000);
        int rate = options.count("rate", 200);
        int seconds = options.count("seconds", 20);
        int clients = options.count("clients", 20);
        String base = "http://localhost:" + environment.getProperty("local.server.port");
        Database database = context.getBean(Database.class);
        System.out.printf("%nFootbridge segments benchmark, %d cores, Java %s, %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), database.description());
        Tenant tenant = setUp(base);
        fill(base, tenant, profiles);
        Statistics.refresh(database, context.getBean(javax.sql.DataSource.class));
        if (campaignOnly > 0) {
            CampaignBench.run(base, api, http, jdbc, context, tenant.id(), tenant.admin(), profiles);
            return;
        }
        latency(base, tenant, profiles, rate, seconds, clients);
        firstCount(base, tenant, profiles);
        campaign(base, tenant, profiles);
    }

    /** Every profile signs up (e-mail, marketing consent) and buys once; then waits until segments know them all. */
    private void fill(String base, Tenant tenant, int profiles) throws Exception {
        long start = System.nanoTime();
        Instant at = Instant.now().minus(Duration.ofDays(10));
        for (int from = 0; from < profiles; from += BATCH / 2) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (int i = from; i < Math.min(profiles, from + BATCH / 2); i++) {
                String email = email(i);
                events.add(Map.of("eventId", UUID.randomUUID().toString(), "type", "loyalty.signup",
                        "occurredAt", at.toString(), "store", "BENCH-1", "identifiers", Map.of("email", email),
                        "properties", Map.of("consents", List.of(Map.of("channel", "email", "purpose", "marketing",
                                "granted", true)))));
                events.add(Map.of("eventId", UUID.randomUUID().toString(), "type", "pos.purchase",
                        "occurredAt", at.plusSeconds(3600 + i % 86_400).toString(), "store", "BENCH-1",
                        "identifiers", Map.of("email", email),
                        "properties", Map.of("transactionId", "T-" + i, "total", 500 + i % 5000, "currency", "EUR",
                                "categories", List.of(i % 3 == 0 ? "coffee" : "tea"))));
            }
            JsonNode batch = api.call(base + "/api/v1/events/batch", tenant.writer(), Map.of("events", events), 200);
            if (batch.get("rejected").asInt() > 0) {
                throw new IllegalStateException("events refused: " + batch.get("results"));
            }
        }
        double sent = (System.nanoTime() - start) / 1e9;
        long deadline = System.nanoTime() + Duration.ofHours(2).toNanos();
        long known = 0;
        while (System.nanoTime() < deadline) {
            known = jdbc.sql("SELECT COUNT(*) FROM segment_person WHERE tenant_id = :t").param("t", tenant.id())
                    .query(Long.class).single();
            long pending = jdbc.sql("SELECT COUNT(*) FROM segment_pending WHERE tenant_id = :t")
                    .param("t", tenant.id()).query(Long.class).single();
            if (known >= profiles && pending == 0) {
                break;
            }
            Thread.sleep(1000);
        }
        System.out.printf("filled %,d profiles (%,d events) in %.1f s, segments knew them all %.1f s later%n",
                known, profiles * 2L, sent, (System.nanoTime() - start) / 1e9 - sent);
    }

    /** Taps at a rate, each by another person, each making them enter "tapped"; entry time minus event time. */
    private void latency(String base, Tenant tenant, int profiles, int rate, int seconds, int clients)
            throws Exception {
        JsonNode segment = api.call(base + "/api/v1/segments", tenant.admin(), Map.of("name", "Tapped", "rule",
                Map.of("event", Map.of("type", "nfc.tap", "within", "P1D"))), 201);
        UUID segmentId = UUID.fromString(segment.get("id").asString());
        AtomicInteger next = new AtomicInteger();
        OpenLoad.Result sent = OpenLoad.run(clients, seconds, rate, client -> {
            int i = next.getAndIncrement() % profiles;
            // a built-in type no profile has yet: a tag tapped
            Map<String, Object> event = Map.of("eventId", UUID.randomUUID().toString(), "type", "nfc.tap",
                    "occurredAt", Instant.now().toString(), "store", "BENCH-1",
                    "identifiers", Map.of("email", email(i)), "properties", Map.of("tag", "bench-" + i));
            return api.post(base + "/api/v1/events", tenant.writer(), event).statusCode() / 100 == 2;
        });
        int pings = Math.min(next.get(), profiles);
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long entered = 0;
        while (System.nanoTime() < deadline) {
            entered = jdbc.sql("SELECT COUNT(*) FROM segment_change WHERE segment_id = :s AND entered = TRUE")
                    .param("s", segmentId).query(Long.class).single();
            if (entered >= pings - sent.failures()) {
                break;
            }
            Thread.sleep(200);
        }
        List<Long> late = jdbc.sql("""
                        SELECT c.at, MIN(e.occurred_at) AS occurred_at FROM segment_change c
                        JOIN segment_event e ON e.tenant_id = c.tenant_id AND e.person_id = c.person_id
                            AND e.type = 'nfc.tap'
                        WHERE c.segment_id = :s AND c.entered = TRUE
                        GROUP BY c.person_id, c.at
                        """)
                .param("s", segmentId)
                .query((rs, n) -> Duration.between(Timestamps.instant(rs, "occurred_at"),
                        Timestamps.instant(rs, "at")).toNanos()).list();
        long[] sorted = late.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        System.out.printf("membership change at %d events/s for %d s (%,d events, %d failed): %,d entries,"
                        + " event to entry p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", rate, seconds, pings,
                sent.failures(), sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    /** A new segment over everyone: its creation evaluates them all and answers the size. */
    private void firstCount(String base, Tenant tenant, int profiles) throws Exception {
        long start = System.nanoTime();
        JsonNode segment = api.call(base + "/api/v1/segments", tenant.admin(), Map.of("name", "Coffee buyers who"
                + " allow e-mail", "rule", Map.of("all", List.of(
                Map.of("event", Map.of("type", "pos.purchase", "within", "P90D", "category", "coffee")),
                Map.of("consent", Map.of("channel", "email", "purpose", "marketing"))))), 201);
        double took = (System.nanoTime() - start) / 1e9;
        System.out.printf("a new segment's first count over %,d profiles: %,d members in %.2f s%n", profiles,
                segment.get("size").asLong(), took);
    }

    /** A campaign to everyone who signed up: drawn, through the consent gate and queued, timed by the send call. */
    private void campaign(String base, Tenant tenant, int profiles) throws Exception {
        HttpResponse<String> template = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/api/v1/message-templates/bench/email/en")).header("Authorization", tenant.admin())
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"subject\": \"News\", \"text\": \"New in store\", \"html\": \"<p>New in store</p>\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (template.statusCode() / 100 != 2) {
            throw new IllegalStateException("the template was refused: " + template.body());
        }
        JsonNode everyone = api.call(base + "/api/v1/segments", tenant.admin(), Map.of("name", "Signed up",
                "rule", Map.of("event", Map.of("type", "loyalty.signup"))), 201);
        JsonNode campaign = api.call(base + "/api/v1/campaigns", tenant.admin(), Map.of("name", "Bench",
                "segmentId", everyone.get("id").asString(), "channel", "email", "template", "bench"), 201);
        long start = System.nanoTime();
        JsonNode sent = api.call(base + "/api/v1/campaigns/" + campaign.get("id").asString() + "/send",
                tenant.admin(), Map.of(), 200);
        double took = (System.nanoTime() - start) / 1e9;
        System.out.printf("a campaign to %,d profiles: %,d drawn, %,d queued, %,d blocked by the gate, in %.1f s"
                        + " (%,.0f recipients/s)%n", profiles, sent.get("recipients").asLong(),
                sent.get("queued").asLong(), sent.get("blocked").asLong(), took,
                sent.get("recipients").asLong() / took);
    }

    private static String email(int i) {
        return "bench-" + i + "@example.com";
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private Tenant setUp(String base) throws Exception {
        String installer = BenchApi.basic(environment.getProperty("footbridge.admin.email"),
                environment.getProperty("footbridge.admin.password"));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String email = "bench-" + suffix + "@footbridge.local";
        String password = UUID.randomUUID().toString();
        JsonNode tenant = api.call(base + "/api/v1/tenants", installer, Map.of("name", "Segments benchmark "
                + suffix, "adminEmail", email, "adminPassword", password), 201);
        String admin = BenchApi.basic(email, password);
        api.call(base + "/api/v1/stores", admin, Map.of("code", "BENCH-1", "name", "Benchmark store",
                "country", "DE", "timeZone", "Europe/Berlin", "currency", "EUR"), 201);
        Map<String, Object> key = new HashMap<>(Map.of("name", "writer", "scopes", List.of("events:write")));
        JsonNode writer = api.call(base + "/api/v1/api-keys", admin, key, 201);
        System.out.println("benchmark tenant " + tenant.get("id").asString());
        return new Tenant(UUID.fromString(tenant.get("id").asString()), admin,
                "Bearer " + writer.get("secret").asString());
    }
}

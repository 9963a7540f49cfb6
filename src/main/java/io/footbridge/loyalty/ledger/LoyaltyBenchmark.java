package io.footbridge.loyalty.ledger;

import io.footbridge.bench.BenchApi;
import io.footbridge.bench.OpenLoad;
import io.footbridge.bench.Statistics;
import io.footbridge.capture.Sales;
import io.footbridge.platform.CommandOptions;
import io.footbridge.platform.Database;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;


/**
 * {@code java -jar footbridge.jar bench loyalty}: what earning costs a sale (the ledger's work for one sale, as the
 * loyalty feed does it), the till's balance look-up over HTTP at a fixed rate, and 100 concurrent spends of one
 * balance.
 */
@Component
@ConditionalOnProperty(name = "footbridge.command", havingValue = "bench")
class LoyaltyBenchmark implements ApplicationRunner {

    private final Environment environment;
    private final ApplicationContext context;
    private final JsonMapper json;
    private final BenchApi api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    LoyaltyBenchmark(Environment environment, ApplicationContext context, JsonMapper json) {
        this.environment = environment;
        this.context = context;
        this.json = json;
        this.api = new BenchApi(http, json);
    }

    private record Tenant(UUID id, UUID storeId, String admin, String till) {
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (!args.getNonOptionArgs().contains("loyalty")) {
            return;
        }
        CommandOptions options = CommandOptions.parse(args.getSourceArgs(),
                CommandOptions.Spec.of("members", "earns", "rate", "clients", "seconds", "warmup")
                        .after("bench", "loyalty").passingSpringSettings());
        int members = options.count("members", 2_000);
        int earns = options.count("earns", 20_000);
        int rate = options.count("rate", 500);
        int clients = options.count("clients", 50);
        int seconds = options.count("seconds", 20);
        int warmup = options.count("warmup", 20);
        String base = "http://localhost:" + environment.getProperty("local.server.port");
        System.out.printf("%nFootbridge loyalty benchmark, %d cores, Java %s, %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(),
                context.getBean(Database.class).description());
        Tenant tenant = setUp(base);
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            String number = "B" + (100_000 + i);
            numbers.add(number);
            api.call(base + "/api/v1/loyalty/members", tenant.till(), Map.of("loyaltyId", number, "store", "BENCH-1"),
                    201);
        }
        earn(tenant, numbers, earns);
        Statistics.refresh(context.getBean(Database.class), context.getBean(javax.sql.DataSource.class));
        lookUps(base, tenant, numbers, clients, seconds, warmup, rate);
        spends(base, tenant, numbers.get(0));
    }

    /**
     * The ledger's work for one sale with three lines, as the feed does it: sales in batches of 100, each batch in
     * one transaction (the feed hands over up to 500). Per sale without the commit, and the commit per batch.
     */
    private void earn(Tenant tenant, List<String> numbers, int count) {
        PointsLedger ledger = context.getBean(PointsLedger.class);
        ProgrammeStore programmes = context.getBean(ProgrammeStore.class);
        TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
        Programme programme = programmes.require(tenant.id());
        int batch = 100;
        long[] took = new long[count];
        long[] commits = new long[(count + batch - 1) / batch];
        for (int from = 0; from < count; from += batch) {
            int first = from;
            long[] ended = new long[1];
            transaction.executeWithoutResult(status -> {
                for (int i = first; i < Math.min(count, first + batch); i++) {
                    Sales.Sale sale = sale(tenant);
                    String member = numbers.get(ThreadLocalRandom.current().nextInt(numbers.size()));
                    long s0 = System.nanoTime();
                    ledger.earn(programme, sale, member, "BENCH-1");
                    took[i] = System.nanoTime() - s0;
                }
                ended[0] = System.nanoTime();
            });
            commits[from / batch] = System.nanoTime() - ended[0];
        }
        int measured = count / 2; // the first half warms the JIT and the caches up
        long[] tail = Arrays.copyOfRange(took, count - measured, count);
        Arrays.sort(tail);
        long[] commitTail = Arrays.copyOfRange(commits, commits.length / 2, commits.length);
        Arrays.sort(commitTail);
        System.out.printf("earning on a sale (%,d sales over %,d members, 100 to a transaction): p50 %.2f ms,"
                        + " p99 %.2f ms, max %.2f ms; commit per 100: p50 %.2f ms, p99 %.2f ms%n", measured,
                numbers.size(), tail[measured / 2] / 1e6, tail[(int) Math.ceil(measured * 0.99) - 1] / 1e6,
                tail[measured - 1] / 1e6, commitTail[commitTail.length / 2] / 1e6,
                commitTail[(int) Math.ceil(commitTail.length * 0.99) - 1] / 1e6);
    }

    private static Sales.Sale sale(Tenant tenant) {
        List<Sales.Line> lines = List.of(
                new Sales.Line(1, "SKU-1", "Shampoo", "hair", 2, 499, 0, 998, null),
                new Sales.Line(2, "SKU-2", "Brush", "tools", 1, 1299, 300, 999, null),
                new Sales.Line(3, "SKU-3", "Towel", "home", 1, 1500, 0, 1500, null));
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new Sales.Sale(tenant.id(), "E-" + UUID.randomUUID(), tenant.storeId(), "BENCH-1", "R1", at, "EUR",
                lines, 3497, 0, 0, true, 3497, "card", new Sales.Customer(null, null, null), "none", List.of());
    }

    /** Tills looking members up on a schedule; latency counts from the scheduled moment. */
    private void lookUps(String base, Tenant tenant, List<String> numbers, int clients, int seconds, int warmup,
                         int rate) throws Exception {
        OpenLoad.Request lookUp = client -> {
            String number = numbers.get(ThreadLocalRandom.current().nextInt(numbers.size()));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base
                            + "/api/v1/loyalty/members?loyaltyId=" + number)).header("Authorization", tenant.till())
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        };
        if (warmup > 0) {
            OpenLoad.run(clients, warmup, rate, lookUp);
        }
        OpenLoad.Result result = OpenLoad.run(clients, seconds, rate, lookUp);
        System.out.printf("balance look-ups, %d tills offering %d/s for %d s: %,d answered, p50 %.1f ms, p99 %.1f ms,"
                        + " max %.1f ms%s%n", clients, rate, seconds, result.latencies().length, result.percentile(50),
                result.percentile(99), result.max(),
                result.failures() > 0 ? " (" + result.failures() + " failed)" : "");
    }

    /** 100 tills spending one point each at once from a balance of 50: 50 must win, none may overdraw. */
    private void spends(String base, Tenant tenant, String number) throws Exception {
        api.call(base + "/api/v1/loyalty/members/" + number + "/adjustments", tenant.admin(), Map.of("points",
                50 - available(base, tenant, number), "reason", "benchmark"), 200);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(100);
        int won = 0;
        int refused = 0;
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return api.post(base + "/api/v1/loyalty/redemptions", tenant.till(), Map.of("loyaltyId", number,
                            "points", 1, "store", "BENCH-1", "transactionId", "S-" + UUID.randomUUID())).statusCode();
                }));
            }
            start.countDown();
            for (Future<Integer> future : futures) {
                int status = future.get();
                won += status == 200 ? 1 : 0;
                refused += status == 409 ? 1 : 0;
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("100 concurrent spends of 1 point from a balance of 50: %d spent, %d refused (409),"
                + " balance after %d%n", won, refused, available(base, tenant, number));
    }

    private long available(String base, Tenant tenant, String number) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/api/v1/loyalty/members?loyaltyId=" + number)).header("Authorization", tenant.till())
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body()).path("available").asLong();
    }

    private Tenant setUp(String base) throws Exception {
        String installer = BenchApi.basic(environment.getProperty("footbridge.admin.email"),
                environment.getProperty("footbridge.admin.password"));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String email = "bench-" + suffix + "@footbridge.local";
        String password = UUID.randomUUID().toString();
        JsonNode tenant = api.call(base + "/api/v1/tenants", installer, Map.of("name", "Loyalty benchmark " + suffix,
                "adminEmail", email, "adminPassword", password), 201);
        String admin = BenchApi.basic(email, password);
        JsonNode store = api.call(base + "/api/v1/stores", admin, Map.of("code", "BENCH-1", "name", "Benchmark store",
                "country", "DE", "timeZone", "Europe/Berlin", "currency", "EUR"), 201);
        JsonNode key = api.call(base + "/api/v1/api-keys", admin, Map.of("name", "till", "scopes", List.of("pos"),
                "storeCode", "BENCH-1"), 201);
        HttpResponse<String> programme = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/api/v1/loyalty/program")).header("Authorization", admin)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("""
                        {"currency": "EUR", "pointsPerUnit": 1, "unit": 100,
                         "multipliers": [{"category": "hair", "factor": 2}, {"store": "BENCH-1", "factor": 1.5}],
                         "dailyCap": 1000000, "expiry": {"months": 24},
                         "tiers": [{"name": "Silver", "threshold": 500}, {"name": "Gold", "threshold": 5000}],
                         "rewards": [{"id": "coffee", "name": "Coffee", "points": 100}]}""")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (programme.statusCode() != 200) {
            throw new IllegalStateException("the programme was refused: " + programme.body());
        }
        System.out.println("benchmark tenant " + tenant.get("id").asString());
        return new Tenant(UUID.fromString(tenant.get("id").asString()), UUID.fromString(store.get("id").asString()),
                admin, "Bearer " + key.get("secret").asString());
    }
}

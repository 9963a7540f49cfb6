package io.footbridge.offers.bench;

import io.footbridge.bench.BenchApi;
import io.footbridge.bench.OpenLoad;
import io.footbridge.bench.Statistics;
import io.footbridge.platform.CommandOptions;
import io.footbridge.platform.Database;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;


/**
 * {@code java -jar footbridge.jar bench offers}: tills redeeming coupons, measured end to end over HTTP. Redemption
 * latency under many concurrent tills, a race of many attempts on few codes through two nodes on one database, and
 * the generation of a million codes.
 */
@Component
@ConditionalOnProperty(name = "footbridge.command", havingValue = "bench")
class OffersBenchmark implements ApplicationRunner {

    private final Environment environment;
    private final ApplicationContext context;
    private final JsonMapper json;
    private final BenchApi api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    OffersBenchmark(Environment environment, ApplicationContext context, JsonMapper json) {
        this.environment = environment;
        this.context = context;
        this.json = json;
        this.api = new BenchApi(http, json);
    }

    private record Tenant(String marketer, String till) {
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (!args.getNonOptionArgs().contains("offers")) {
            return;
        }
        CommandOptions options = CommandOptions.parse(args.getSourceArgs(),
                CommandOptions.Spec.of("clients", "seconds", "rate", "codes", "warmup", "phases")
                        .after("bench", "offers").passingSpringSettings());
        int clients = options.count("clients", 200);
        int seconds = options.count("seconds", 20);
        int rate = options.count("rate", 200);
        int codes = options.count("codes", 1_000_000);
        // the JIT is still compiling the request path for the first minute on two busy cores
        int warmup = options.count("warmup", 30);
        String base = "http://localhost:" + environment.getProperty("local.server.port");
        System.out.printf("%nFootbridge offers benchmark, %d cores, Java %s, %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(),
                context.getBean(Database.class).description());
        List<String> phases = List.of(options.value("phases", "latency,race,generation").split(","));
        Tenant tenant = setUp(base);
        if (phases.contains("latency")) {
            latency(base, tenant, clients, seconds, rate, warmup);
            if (rate > 0) {
                latency(base, tenant, clients, seconds, 0, 0);
            }
        }
        if (phases.contains("race")) {
            race(base, tenant);
        }
        if (phases.contains("generation")) {
            generation(base, tenant, codes / 10);
            generation(base, tenant, codes);
        }
    }

    /** Each till redeems a code of its own on a schedule; latency counts from the scheduled moment. */
    private void latency(String base, Tenant tenant, int clients, int seconds, int rate, int warmup)
            throws Exception {
        int needed = rate > 0 ? (int) (rate * (seconds + warmup) * 1.2) + clients
                : 60_000 * Math.max(1, (seconds + warmup) / 10);
        String offer = offer(base, tenant, "Latency " + rate);
        List<String> codes = codes(base, tenant, offer, needed);
        Statistics.refresh(context.getBean(Database.class), context.getBean(javax.sql.DataSource.class));
        AtomicInteger next = new AtomicInteger();
        OpenLoad.Request redeem = client -> {
            int i = next.getAndIncrement();
            if (i >= codes.size()) {
                return false;
            }
            return api.post(base + "/api/v1/coupons/redeem", tenant.till(), Map.of("code", codes.get(i),
                    "transactionId", "B-" + UUID.randomUUID(), "basket", Map.of("total", 2500, "currency", "EUR")))
                    .statusCode() == 200;
        };
        if (warmup > 0) {
            OpenLoad.run(clients, warmup, rate, redeem);
        }
        OpenLoad.Result result = OpenLoad.run(clients, seconds, rate, redeem);
        System.out.printf("redemptions, %d concurrent tills, %s, %d s: %,d redeemed, %,.0f/s, p50 %.1f ms, p99 %.1f ms,"
                        + " max %.1f ms%s%n", clients, rate > 0 ? "offered " + rate + "/s" : "as fast as they can",
                seconds, result.latencies().length, result.latencies().length / (double) seconds,
                result.percentile(50), result.percentile(99), result.max(),
                result.failures() > 0 ? " (" + result.failures() + " not redeemed)" : "");
    }

    /** 10,000 attempts on 1,000 single-use codes, through this node and a second one on the same database. */
    private void race(String base, Tenant tenant) throws Exception {
        String offer = offer(base, tenant, "Race");
        List<String> codes = codes(base, tenant, offer, 1_000);
        Class<?> application = ClassUtils.getUserClass(context.getBeansWithAnnotation(SpringBootApplication.class)
                .values().iterator().next());
        // arguments, not default properties, which application.properties would override
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(application).run("--server.port=0",
                "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                "--spring.main.banner-mode=off", "--logging.level.root=WARN")) {
            String secondBase = "http://localhost:" + second.getEnvironment().getProperty("local.server.port");
            List<String[]> attempts = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (String code : codes) {
                    attempts.add(new String[]{code, (round % 2 == 0) ? base : secondBase});
                }
            }
            Collections.shuffle(attempts);
            Map<String, AtomicInteger> wins = new ConcurrentHashMap<>();
            AtomicInteger conflicts = new AtomicInteger();
            AtomicInteger other = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(200);
            long t0;
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (String[] attempt : attempts) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        int status = api.post(attempt[1] + "/api/v1/coupons/redeem", tenant.till(), Map.of("code",
                                attempt[0], "transactionId", "R-" + UUID.randomUUID(), "basket",
                                Map.of("total", 2500, "currency", "EUR"))).statusCode();
                        if (status == 200) {
                            wins.computeIfAbsent(attempt[0], c -> new AtomicInteger()).incrementAndGet();
                        } else if (status == 409) {
                            conflicts.incrementAndGet();
                        } else {
                            other.incrementAndGet();
                        }
                        return null;
                    }));
                }
                t0 = System.nanoTime();
                start.countDown();
                for (Future<?> future : futures) {
                    future.get();
                }
            } finally {
                pool.shutdownNow();
            }
            long twice = wins.values().stream().filter(n -> n.get() > 1).count();
            System.out.printf("race: %,d attempts on %,d single-use codes through two nodes in %.1f s: %,d succeeded,"
                            + " %,d answered 409, %,d other, %d codes redeemed twice%n", attempts.size(), codes.size(),
                    (System.nanoTime() - t0) / 1e9, wins.values().stream().mapToInt(AtomicInteger::get).sum(),
                    conflicts.get(), other.get(), twice);
        }
    }

    /** Streams the codes as CSV, as an agency's print run would fetch them; heap is that of the whole JVM. */
    private void generation(String base, Tenant tenant, int count) throws Exception {
        String offer = offer(base, tenant, "Print run " + count);
        System.gc();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = memory.getHeapMemoryUsage().getUsed();
        // the pools' own peaks fall at different moments, so their sum overstates; sample the total instead
        AtomicLong peak = new AtomicLong(before);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long t0 = System.nanoTime();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/offers/"
                        + offer + "/codes")).timeout(Duration.ofMinutes(30)).header("Authorization", tenant.marketer())
                .header("Content-Type", "application/json").header("Accept", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("{\"count\": " + count + "}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        // codes of up to 12 letters and digits fit a long in base 36: 8 bytes each, so checking a million for
        // duplicates does not weigh on the heap being measured
        long[] seen = new long[count];
        int lines = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            while ((line = reader.readLine()) != null && lines < count) {
                long value = 0;
                for (int i = 0; i < line.indexOf(','); i++) {
                    value = value * 36 + Character.digit(line.charAt(i), 36);
                }
                seen[lines++] = value;
            }
        }
        java.util.Arrays.sort(seen, 0, lines);
        int distinct = lines == 0 ? 0 : 1;
        for (int i = 1; i < lines; i++) {
            distinct += seen[i] != seen[i - 1] ? 1 : 0;
        }
        double took = (System.nanoTime() - t0) / 1e9;
        sampler.interrupt();
        System.out.printf("generation of %,d codes (streamed as CSV): %.1f s, %,.0f codes/s, %,d distinct, heap %d MB"
                        + " before, peak %d MB (server and client in one JVM, -Xmx %d MB)%n", count, took, lines / took,
                distinct, before >> 20, peak.get() >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
        if (response.statusCode() != 201) {
            System.out.println("generation answered " + response.statusCode());
        }
    }

    private Tenant setUp(String base) throws Exception {
        String admin = BenchApi.basic(environment.getProperty("footbridge.admin.email"),
                environment.getProperty("footbridge.admin.password"));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String email = "bench-" + suffix + "@footbridge.local";
        String password = UUID.randomUUID().toString();
        JsonNode tenant = api.call(base + "/api/v1/tenants", admin, Map.of("name", "Offers benchmark " + suffix,
                "adminEmail", email, "adminPassword", password), 201);
        String tenantAdmin = BenchApi.basic(email, password);
        api.call(base + "/api/v1/stores", tenantAdmin, Map.of("code", "BENCH-1", "name", "Benchmark store",
                "country", "DE", "timeZone", "Europe/Berlin", "currency", "EUR"), 201);
        JsonNode key = api.call(base + "/api/v1/api-keys", tenantAdmin, Map.of("name", "till", "scopes", List.of("pos"),
                "storeCode", "BENCH-1"), 201);
        System.out.println("benchmark tenant " + tenant.get("id").asString());
        return new Tenant(tenantAdmin, "Bearer " + key.get("secret").asString());
    }

    private String offer(String base, Tenant tenant, String name) throws Exception {
        return api.call(base + "/api/v1/offers", tenant.marketer(), Map.of("name", name, "type", "percent",
                "percent", 10, "currency", "EUR", "validFrom", Instant.now().minus(1, ChronoUnit.DAYS).toString(),
                "validUntil", Instant.now().plus(30, ChronoUnit.DAYS).toString()), 201).get("id").asString();
    }

    private List<String> codes(String base, Tenant tenant, String offer, int count) throws Exception {
        List<String> codes = new ArrayList<>(count);
        for (int done = 0; done < count; done += 10_000) {
            JsonNode generated = api.call(base + "/api/v1/offers/" + offer + "/codes", tenant.marketer(),
                    Map.of("count", Math.min(10_000, count - done)), 201);
            generated.get("codes").forEach(c -> codes.add(c.get("code").asString()));
        }
        return codes;
    }
}

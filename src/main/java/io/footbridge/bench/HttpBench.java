package io.footbridge.bench;

import io.footbridge.platform.CommandOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A load generator in a process of its own, against a running server over HTTP: {@code bench http}. It sets up what
 * it needs through the public API (a store of its own, a till key, a placement, an offer and its codes) with the
 * credentials of a tenant admin, then drives each path either closed-loop (as fast as the connections allow: the
 * capacity) or open-loop at a fixed rate, with latency counted from each request's scheduled start.
 * It needs no database and starts no application: the figures are the server's, not this process's.
 */
public final class HttpBench {

    static final String USAGE = """
            usage: java -jar footbridge.jar bench http --user EMAIL:PASSWORD [--target http://localhost:8080]
                       [--paths q,events,redeem,batch,static] [--rate N] [--connections N] [--duration S]
                       [--warmup S] [--batch-size N]
              --user         a tenant admin (or the installation admin); also FOOTBRIDGE_BENCH_USER
              --rate         requests per second per path, open-loop; without it, closed-loop capacity
              --connections  concurrent connections (default 50 for capacity, 16 at a rate; batch: 2)
              --duration     seconds measured per path (default 20), after --warmup seconds (default 5)""";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI target;
    private final String basic;
    private final HttpClient http;
    private final PrintStream out;
    /** The first wrong answer of the path being measured, shown with its figures. */
    private final AtomicReference<String> firstWrong = new AtomicReference<>();

    private HttpBench(URI target, String user, PrintStream out) {
        this.target = target;
        this.basic = "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        this.out = out;
    }

    /** Runs {@code bench http …}; the exit code is 0, 1 when a path answered errors, 2 for wrong options. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options;
        try {
            options = options(args);
        } catch (IllegalArgumentException wrong) {
            err.println(wrong.getMessage() + "\n" + USAGE);
            return 2;
        }
        String user = options.getOrDefault("user", System.getenv("FOOTBRIDGE_BENCH_USER"));
        if (user == null || !user.contains(":")) {
            err.println("--user EMAIL:PASSWORD is needed to set up the benchmark's store, key, placement and offer\n"
                    + USAGE);
            return 2;
        }
        try {
            int rate = Integer.parseInt(options.getOrDefault("rate", "0"));
            Load load = new Load(rate,
                    Integer.parseInt(options.getOrDefault("connections", rate > 0 ? "16" : "50")),
                    Integer.parseInt(options.getOrDefault("duration", "20")),
                    Integer.parseInt(options.getOrDefault("warmup", "5")),
                    Integer.parseInt(options.getOrDefault("batch-size", "1000")));
            List<String> paths = List.of(options.getOrDefault("paths", "q,events,redeem,batch").split(","));
            for (String path : paths) {
                if (!List.of("q", "events", "redeem", "batch", "static").contains(path)) {
                    throw new IllegalArgumentException("unknown path: " + path);
                }
            }
            HttpBench bench = new HttpBench(URI.create(options.getOrDefault("target", "http://localhost:8080")
                    .replaceAll("/+$", "")), user, out);
            return bench.measure(paths, load) ? 0 : 1;
        } catch (IllegalArgumentException wrong) {
            err.println(wrong.getMessage() + "\n" + USAGE);
            return 2;
        } catch (SetupFailed failed) {
            err.println("could not set up the benchmark: " + failed.getMessage());
            return 1;
        } catch (Exception failed) {
            err.println("the benchmark failed: " + failed);
            return 1;
        }
    }

    /** How hard and how long. */
    record Load(int rate, int connections, int seconds, int warmup, int batchSize) {

        Load {
            if (rate < 0 || connections < 1 || seconds < 1 || warmup < 0 || batchSize < 1 || batchSize > 1000) {
                throw new IllegalArgumentException("rate ≥ 0, connections ≥ 1, duration ≥ 1, warmup ≥ 0 and "
                        + "1 ≤ batch-size ≤ 1000");
            }
        }

        String describe(int clients) {
            return (rate > 0 ? "open-loop at " + rate + "/s, " : "closed-loop capacity, ") + clients
                    + " connections, " + seconds + " s";
        }
    }

    private boolean measure(List<String> paths, Load load) throws Exception {
        Setup setup = setUp(paths, load);
        out.printf("target %s, store %s%n", target, setup.store);
        boolean clean = true;
        for (String path : paths) {
            clean &= switch (path) {
                case "q" -> report("GET /q/{code}", load, load.connections(), 1,
                        client -> get("/q/" + setup.placementCode, 302));
                case "static" -> report("GET /t.js", load, load.connections(), 1, client -> get("/t.js", 200));
                case "events" -> report("POST /api/v1/events", load, load.connections(), 1,
                        client -> post(setup.key, "/api/v1/events", event(setup.store), 201));
                case "redeem" -> report("POST /api/v1/coupons/redeem", load, load.connections(), 1, client -> {
                    String code = setup.codes.poll();
                    if (code == null) {
                        throw new IllegalStateException("ran out of coupon codes");
                    }
                    return post(setup.key, "/api/v1/coupons/redeem", redemption(code), 200);
                });
                case "batch" -> {
                    int clients = Math.min(load.connections(), load.rate() > 0 ? load.connections() : 2);
                    yield report("POST /api/v1/events/batch (" + load.batchSize() + " new people each)", load,
                            clients, load.batchSize(), client -> batch(setup, load.batchSize()));
                }
                default -> throw new IllegalArgumentException(path);
            };
        }
        return clean;
    }

    private boolean report(String name, Load load, int clients, int eventsPerRequest, OpenLoad.Request request)
            throws Exception {
        AtomicLong errors = new AtomicLong();
        OpenLoad.Request counted = client -> {
            try {
                return request.send(client);
            } catch (IllegalStateException fatal) {
                throw fatal;
            } catch (Exception failed) {
                errors.incrementAndGet();
                firstWrong.compareAndSet(null, failed.toString());
                return false;
            }
        };
        if (load.warmup() > 0) {
            OpenLoad.run(clients, load.warmup(), load.rate(), counted);
        }
        errors.set(0);
        firstWrong.set(null);
        OpenLoad.Result result = OpenLoad.run(clients, load.seconds(), load.rate(), counted);
        long answered = result.latencies().length;
        double perSecond = answered / (double) load.seconds();
        out.printf("%s — %s: %,d answered, %,.0f/s%s, p50 %.1f ms, p99 %.1f ms, max %.1f ms, errors %,d%n", name,
                load.describe(clients), answered, perSecond,
                eventsPerRequest > 1 ? String.format(" (%,.0f events/s)", perSecond * eventsPerRequest) : "",
                result.percentile(50), result.percentile(99), result.max(), result.failures());
        if (load.rate() > 0 && perSecond < load.rate() * 0.95 && eventsPerRequest == 1) {
            out.printf("  the server kept up with only %,.0f of the %,d requests/s offered%n", perSecond, load.rate());
        }
        if (firstWrong.get() != null) {
            out.printf("  first wrong answer: %s%n", firstWrong.get());
        }
        return result.failures() == 0;
    }

    // ---- set-up through the public API ----

    private record Setup(String store, String key, String placementCode, ConcurrentLinkedQueue<String> codes) {
    }

    private static final class SetupFailed extends RuntimeException {
        SetupFailed(String message) {
            super(message);
        }
    }

    private Setup setUp(List<String> paths, Load load) throws Exception {
        String store = "BENCH-" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36)
                .toUpperCase();
        admin("POST", "/api/v1/stores", Map.of("code", store, "name", "Benchmark " + store, "country", "DE",
                "timeZone", "Europe/Berlin", "currency", "EUR"), 201);
        String key = admin("POST", "/api/v1/api-keys", Map.of("name", "bench " + store,
                "scopes", List.of("pos", "events:write"), "storeCode", store), 201).get("secret").asString();
        String placement = null;
        if (paths.contains("q")) {
            placement = admin("POST", "/api/v1/placements", Map.of("store", store, "kind", "poster",
                    "label", "Benchmark poster", "destination", "https://shop.example.com/bench"), 201)
                    .get("code").asString();
        }
        ConcurrentLinkedQueue<String> codes = new ConcurrentLinkedQueue<>();
        if (paths.contains("redeem")) {
            String offer = admin("POST", "/api/v1/offers", Map.of("name", "Benchmark " + store, "type", "amount",
                    "amount", 100, "currency", "EUR",
                    "validFrom", Instant.now().minus(1, ChronoUnit.DAYS).toString(),
                    "validUntil", Instant.now().plus(2, ChronoUnit.DAYS).toString()), 201).get("id").asString();
            // enough codes for the whole run at the rate asked for, or at a capacity well above today's
            long needed = (long) (load.rate() > 0 ? load.rate() : 4_000) * (load.seconds() + load.warmup()) * 5 / 4;
            while (codes.size() < needed) {
                int count = (int) Math.min(50_000, needed - codes.size());
                HttpResponse<String> generated = send(HttpRequest.newBuilder(target.resolve(
                                "/api/v1/offers/" + offer + "/codes")).header("Authorization", basic)
                        .header("Content-Type", "application/json").header("Accept", "text/csv")
                        .timeout(Duration.ofMinutes(5))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"count\": " + count + "}")).build());
                if (generated.statusCode() / 100 != 2) {
                    throw new SetupFailed("generating codes answered " + generated.statusCode() + ": "
                            + generated.body());
                }
                generated.body().lines().skip(1).map(line -> line.substring(0, line.indexOf(',')))
                        .forEach(codes::add);
            }
        }
        return new Setup(store, "Bearer " + key, placement, codes);
    }

    private JsonNode admin(String method, String path, Object body, int expected) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(target.resolve(path))
                .header("Authorization", basic).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
        if (response.statusCode() != expected) {
            throw new SetupFailed(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    // ---- the requests measured ----

    private boolean get(String path, int expected) throws Exception {
        return answered(http.send(HttpRequest.newBuilder(target.resolve(path)).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString()), expected);
    }

    private boolean post(String key, String path, String body, int expected) throws Exception {
        return answered(http.send(HttpRequest.newBuilder(target.resolve(path)).header("Authorization", key)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()),
                expected);
    }

    private boolean answered(HttpResponse<String> response, int expected) {
        if (response.statusCode() == expected) {
            return true;
        }
        String body = response.body() == null ? "" : response.body();
        firstWrong.compareAndSet(null, response.statusCode() + " " + body.substring(0, Math.min(300, body.length())));
        return false;
    }

    private boolean batch(Setup setup, int size) throws Exception {
        StringBuilder body = new StringBuilder(size * 320).append("{\"events\": [");
        for (int i = 0; i < size; i++) {
            body.append(i == 0 ? "" : ",").append(event(setup.store));
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(target.resolve("/api/v1/events/batch"))
                .header("Authorization", setup.key).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body.append("]}")
                        .toString())).build(), HttpResponse.BodyHandlers.ofString());
        // the answer ends with the counts: one rejected event is a wrong answer, shown by its own result
        if (response.statusCode() == 200 && !response.body().contains("\"rejected\":0")) {
            int at = Math.max(0, response.body().lastIndexOf("{\"index\"",
                    response.body().indexOf("\"status\":\"rejected\"")));
            firstWrong.compareAndSet(null, "events rejected: " + response.body().substring(at,
                    Math.min(at + 400, response.body().length())));
            return false;
        }
        return answered(response, 200);
    }

    /** A QR scan by somebody new, who leaves an e-mail address: identity resolution has a person to make. */
    private static String event(String store) {
        String id = UUID.randomUUID().toString();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventId", id);
        event.put("type", "qr.scan");
        event.put("occurredAt", Instant.now().minusSeconds(5).toString());
        event.put("store", store);
        event.put("identifiers", Map.of("anonymousId", id.substring(0, 18),
                "email", "bench-" + id.substring(0, 13) + "@example.com"));
        event.put("properties", Map.of("placement", "window-poster", "url", "https://shop.example.com/spring"));
        return JSON.writeValueAsString(event);
    }

    private static String redemption(String code) {
        return JSON.writeValueAsString(Map.of("code", code, "transactionId", "BENCH-" + UUID.randomUUID(),
                "basket", Map.of("total", 4599, "currency", "EUR", "lines", List.of(Map.of("sku", "COFFEE-1",
                        "category", "coffee", "quantity", 2, "unitPrice", 1800)))));
    }

    /** {@code --name value} or {@code --name=value}, after {@code bench http}. */
    static Map<String, String> options(String[] args) {
        return CommandOptions.parse(args, CommandOptions.Spec.of("target", "user", "paths", "rate", "connections",
                "duration", "warmup", "batch-size").after("bench", "http")).asMap();
    }
}

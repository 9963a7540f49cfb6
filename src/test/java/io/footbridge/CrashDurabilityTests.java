package io.footbridge;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 2xx answer means the write is durable: a server in a process of its own takes events, QR scans and sales from
 * many clients at once (single events and scans share group commits), is killed as {@code kill -9} does, and is
 * started again on the same files. Every write it had acknowledged is there, a retry of it answers "duplicate", and
 * every read path answers as usual.
 */
class CrashDurabilityTests {

    private static final String ADMIN_EMAIL = "installer@footbridge.test";
    private static final String ADMIN_PASSWORD = "installer-password-1";
    private static final int WRITERS = 12;
    private static final int TILLS = 3;
    private static final int SCANNERS = 4;
    private static final java.util.regex.Pattern VISITOR = java.util.regex.Pattern.compile(
            "anonymousId\\W+([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
    /** Kill once this many writes were acknowledged, while the writers keep going. */
    private static final int ACKNOWLEDGED_BEFORE_KILL = 800;
    /** A read that takes longer than this has stalled: each answers in milliseconds on this data. */
    private static final Duration READ_BOUND = Duration.ofSeconds(10);
    private static final Instant OCCURRED_AT = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);

    @TempDir
    Path dataDir;

    private final Set<String> events = ConcurrentHashMap.newKeySet();
    private final Set<String> sales = ConcurrentHashMap.newKeySet();
    /** The visitor cookie of each scan answered with its redirect. */
    private final Set<String> scans = ConcurrentHashMap.newKeySet();

    private record Setup(String key, String code) {
    }

    @Test
    void everyAcknowledgedWriteSurvivesAKilledProcessAndEveryReadPathStillWorks() throws Exception {
        String key;
        try (ServerProcess first = ServerProcess.start(dataDir, ADMIN_EMAIL, ADMIN_PASSWORD)) {
            Setup setup = tenantWithKey(first.anonymous().basic(ADMIN_EMAIL, ADMIN_PASSWORD));
            key = setup.key();
            writeUntilKilled(first, first.anonymous().bearer(key), setup.code());
        }
        assertThat(events).hasSizeGreaterThan(100);
        assertThat(sales).hasSizeGreaterThan(5);
        assertThat(scans).hasSizeGreaterThan(20);

        try (ServerProcess second = ServerProcess.start(dataDir, ADMIN_EMAIL, ADMIN_PASSWORD)) {
            ApiClient client = second.anonymous().bearer(key);

            Set<String> scanned = new HashSet<>();
            Set<String> listed = listEventLog(client, scanned);
            Set<String> missing = new HashSet<>(events);
            missing.removeAll(listed);
            assertThat(missing).as("acknowledged events missing after the crash, of " + events.size()).isEmpty();
            Set<String> missingScans = new HashSet<>(scans);
            missingScans.removeAll(scanned);
            assertThat(missingScans).as("redirected scans missing after the crash, of " + scans.size()).isEmpty();

            List<String> retried = retryAll(client);
            assertThat(retried).as("retries of acknowledged writes not answered as already kept").isEmpty();

            var fresh = client.post("/api/v1/events", event(UUID.randomUUID().toString()));
            assertThat(fresh.status()).as(fresh.toString()).isEqualTo(201);

            String profile = awaitProfile(client, "crash-0@example.com");
            var timeline = timed(() -> client.get("/api/v1/profiles/" + profile + "/timeline?limit=500"));
            assertThat(timeline.status()).as(timeline.toString()).isEqualTo(200);
            assertThat(timeline.json().path("items")).isNotEmpty();
        }
    }

    /**
     * A tenant with a store, a QR placement and an API key that may write and read events and sales; answers the key
     * and the placement's code.
     */
    private static Setup tenantWithKey(ApiClient installer) {
        String email = "admin-" + UUID.randomUUID() + "@brand.test";
        var tenant = installer.post("/api/v1/tenants", Map.of("name", "Crash brand", "adminEmail", email,
                "adminPassword", ApiTest.PASSWORD));
        assertThat(tenant.status()).as(tenant.toString()).isEqualTo(201);
        ApiClient admin = installer.basic(email, ApiTest.PASSWORD);
        var store = admin.post("/api/v1/stores", Map.of("code", "BER-1", "name", "Berlin", "country", "DE",
                "timeZone", "Europe/Berlin", "currency", "EUR"));
        assertThat(store.status()).as(store.toString()).isEqualTo(201);
        var key = admin.post("/api/v1/api-keys", Map.of("name", "till and app", "scopes",
                List.of("events:write", "events:read", "pos", "profiles:read")));
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        var placement = admin.post("/api/v1/placements", Map.of("store", "BER-1", "kind", "shelf",
                "label", "Shelf", "destination", "https://shop.example.com/"));
        assertThat(placement.status()).as(placement.toString()).isEqualTo(201);
        return new Setup(key.json().get("secret").asString(), placement.json().get("code").asString());
    }

    /** Writers post events, tills post sales, phones scan; the server is killed while they are at it. */
    private void writeUntilKilled(ServerProcess server, ApiClient client, String code) throws Exception {
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + TILLS + SCANNERS);
        List<Future<?>> workers = new ArrayList<>();
        ApiClient phone = server.anonymous();
        for (int s = 0; s < SCANNERS; s++) {
            workers.add(pool.submit(() -> {
                while (!killed.get()) {
                    String visitor = UUID.randomUUID().toString();
                    try {
                        var answer = phone.send(phone.request("/q/" + code).header("Cookie", "fb_aid=" + visitor)
                                .header("User-Agent", "Mozilla/5.0 (iPhone)").GET());
                        if (answer.status() == 302) {
                            scans.add(visitor);
                        } else {
                            throw new AssertionError("a scan was not redirected: " + answer);
                        }
                    } catch (java.io.UncheckedIOException gone) {
                        // the server died while this scan was on its way
                    }
                }
                return null;
            }));
        }
        for (int w = 0; w < WRITERS + TILLS; w++) {
            boolean till = w < TILLS;
            workers.add(pool.submit(() -> {
                while (!killed.get()) {
                    int n = counter.incrementAndGet();
                    String id = (till ? "S-" : "E-") + n + "-" + UUID.randomUUID();
                    try {
                        var answer = till ? client.post("/api/v1/transactions", sale(id))
                                : client.post("/api/v1/events", event(id));
                        if (answer.status() == 201) {
                            (till ? sales : events).add(id);
                        } else {
                            throw new AssertionError("a write was refused: " + answer);
                        }
                    } catch (java.io.UncheckedIOException gone) {
                        // the server died while this write was on its way: not acknowledged, may or may not be there
                    }
                }
                return null;
            }));
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (events.size() + sales.size() + scans.size() < ACKNOWLEDGED_BEFORE_KILL
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            server.kill();
        } finally {
            killed.set(true);
            pool.shutdown();
        }
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * The tenant's whole event log from the start, page by page, each page within the normal time; puts the visitor
     * of every scan into {@code scanned}.
     */
    private static Set<String> listEventLog(ApiClient client, Set<String> scanned) {
        Set<String> ids = new HashSet<>();
        long after = 0;
        while (true) {
            long from = after;
            var page = timed(() -> client.get("/api/v1/events?after=" + from + "&limit=1000"));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            JsonNode body = page.json();
            body.path("items").forEach(item -> {
                ids.add(item.get("eventId").asString());
                if ("qr.scan".equals(item.path("type").asString()) && "qr".equals(item.path("source").asString())) {
                    // the identifiers as the log keeps them, whether listed as an object or as JSON text
                    var visitor = VISITOR.matcher(item.toString());
                    if (visitor.find()) {
                        scanned.add(visitor.group(1));
                    }
                }
            });
            if (body.path("next").isNull() || body.path("next").isMissingNode()) {
                return ids;
            }
            after = body.get("next").asLong();
        }
    }

    /** Posts every acknowledged write again; answers those not told "already kept" (200), with the answer. */
    private List<String> retryAll(ApiClient client) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (String id : events) {
                answers.add(pool.submit(() -> {
                    var retry = client.post("/api/v1/events", event(id));
                    return retry.status() == 200 && retry.json().get("status").asString().equals("duplicate")
                            ? null : id + ": " + retry;
                }));
            }
            for (String id : sales) {
                answers.add(pool.submit(() -> {
                    var read = client.get("/api/v1/transactions/" + id);
                    if (read.status() != 200) {
                        return id + ": " + read;
                    }
                    var retry = client.post("/api/v1/transactions", sale(id));
                    return retry.status() == 200 ? null : id + ": " + retry;
                }));
            }
            List<String> failed = new ArrayList<>();
            for (Future<String> answer : answers) {
                String failure = answer.get(60, TimeUnit.SECONDS);
                if (failure != null) {
                    failed.add(failure);
                }
            }
            return failed;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The profile holding this email, once the resolver has caught up with the log again. */
    private static String awaitProfile(ApiClient client, String email) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            var found = timed(() -> client.get("/api/v1/profiles?email=" + email.replace("@", "%40")));
            assertThat(found.status()).as(found.toString()).isEqualTo(200);
            if (!found.json().path("items").isEmpty()) {
                return found.json().path("items").get(0).get("id").asString();
            }
            assertThat(System.nanoTime()).as("no profile for " + email + " after the restart").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static ApiClient.Response timed(java.util.function.Supplier<ApiClient.Response> call) {
        long start = System.nanoTime();
        var response = call.get();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a read took too long: " + response)
                .isLessThan(READ_BOUND);
        return response;
    }

    /** The same event for the same id every time, so that a retry is a true retry. */
    private static Map<String, Object> event(String id) {
        return Map.of("eventId", id, "type", "qr.scan", "occurredAt", OCCURRED_AT.toString(), "store", "BER-1",
                "identifiers", Map.of("email", customer(id)));
    }

    private static Map<String, Object> sale(String id) {
        return Map.of("transactionId", id, "store", "BER-1", "occurredAt", OCCURRED_AT.toString(),
                "currency", "EUR", "lines", List.of(Map.of("sku", "COF-1", "quantity", 1, "unitPrice", 350)),
                "total", 350, "customer", Map.of("email", customer(id)));
    }

    /** One of twenty customers, the same for the same id. */
    private static String customer(String id) {
        return "crash-" + Math.floorMod(id.hashCode(), 20) + "@example.com";
    }
}

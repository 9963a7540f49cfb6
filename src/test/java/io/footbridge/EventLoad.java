package io.footbridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Throughput of single events ({@code POST /api/v1/events}) against a server in another process, on a fresh
 * embedded database: {@code clients} threads post as fast as they are answered, first to warm up, then measured.
 * Run from the test classpath:
 * {@code java -cp target/test-classes:target/classes:<dependencies> io.footbridge.EventLoad [clients] [warmup s]
 * [measured s] [server arguments…]}; {@code -Dfootbridge.server.classpath=…} measures another build.
 */
public final class EventLoad {

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int measured = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        String[] serverArgs = args.length > 3 ? Arrays.copyOfRange(args, 3, args.length) : new String[0];
        Path dir = Files.createTempDirectory("footbridge-load");
        try (ServerProcess server = ServerProcess.start(dir, "installer@footbridge.test", "installer-password-1",
                serverArgs)) {
            ApiClient installer = server.anonymous().basic("installer@footbridge.test", "installer-password-1");
            String email = "admin-" + UUID.randomUUID() + "@brand.test";
            installer.post("/api/v1/tenants", Map.of("name", "Load", "adminEmail", email,
                    "adminPassword", "correct-horse-battery"));
            ApiClient admin = installer.basic(email, "correct-horse-battery");
            admin.post("/api/v1/stores", Map.of("code", "BER-1", "name", "Berlin", "country", "DE",
                    "timeZone", "Europe/Berlin", "currency", "EUR"));
            String key = admin.post("/api/v1/api-keys", Map.of("name", "load", "scopes", List.of("events:write")))
                    .json().get("secret").asString();
            ApiClient client = server.anonymous().bearer(key);
            run(client, clients, warmup);
            List<Long> latencies = run(client, clients, measured);
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("%d events in %d s with %d clients: %.0f events/s, p50 %.1f ms, p99 %.1f ms%n",
                    sorted.length, measured, clients, sorted.length / (double) measured,
                    sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6);
        }
    }

    /** Latencies in nanoseconds of the events answered 201 within {@code seconds}. */
    private static List<Long> run(ApiClient client, int clients, int seconds) throws Exception {
        AtomicBoolean over = new AtomicBoolean();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        String occurredAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60).toString();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            workers.add(pool.submit(() -> {
                while (!over.get()) {
                    long start = System.nanoTime();
                    var answer = client.post("/api/v1/events", Map.of("eventId", UUID.randomUUID().toString(),
                            "type", "qr.scan", "occurredAt", occurredAt, "store", "BER-1",
                            "identifiers", Map.of("anonymousId", UUID.randomUUID().toString())));
                    if (answer.status() != 201) {
                        throw new IllegalStateException(answer.toString());
                    }
                    if (!over.get()) {
                        latencies.add(System.nanoTime() - start);
                    }
                }
                return null;
            }));
        }
        Thread.sleep(seconds * 1000L);
        over.set(true);
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        return new ArrayList<>(latencies);
    }
}

package io.footbridge.journeys;

import com.sun.net.httpserver.HttpServer;
import io.footbridge.ApiClient;
import io.footbridge.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Waits live in the database: a server in a process of its own puts people in a journey, is killed as
 * {@code kill -9} does while they wait, stays down past their due time, and is started again on the same files.
 * Every step after the wait runs once for each of them: the webhook behind it is called once per person.
 */
class JourneyRestartTests {

    /** The webhook receiver listens on this machine, which an installation must allow on purpose. */
    private static final String HOOKS_HERE = "--footbridge.outbound.allow-private-networks=true";

    /**
     * The embedded database in {@code dataDir} even when the suite runs on PostgreSQL: there the test JVM's own server
     * shares the database and would run the due steps itself while this one is down.
     */
    private static String embedded(java.nio.file.Path dataDir) {
        return "--spring.datasource.url=jdbc:h2:file:" + dataDir.toAbsolutePath() + "/footbridge;MODE=PostgreSQL;"
                + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE";
    }

    private static final String ADMIN_EMAIL = "installer@footbridge.test";
    private static final String ADMIN_PASSWORD = "installer-password-1";
    /** The tenant admin's password, as ApiTest's tenants have it. */
    private static final String PASSWORD = "correct-horse-battery";
    private static final int PEOPLE = 8;

    @TempDir
    Path dataDir;

    @Test
    void peopleWaitingWhenTheServerIsKilledGoOnOnceAfterItStartsAgain() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            calls.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        String admin;
        String journey;
        try {
            try (ServerProcess first = ServerProcess.start(dataDir, ADMIN_EMAIL, ADMIN_PASSWORD, HOOKS_HERE, embedded(dataDir))) {
                ApiClient installer = first.anonymous().basic(ADMIN_EMAIL, ADMIN_PASSWORD);
                admin = "admin-" + UUID.randomUUID() + "@brand.test";
                var tenant = installer.post("/api/v1/tenants", Map.of("name", "Restart brand", "adminEmail", admin,
                        "adminPassword", PASSWORD));
                assertThat(tenant.status()).as(tenant.toString()).isEqualTo(201);
                ApiClient client = first.anonymous().basic(admin, PASSWORD);
                List<String> people = people(client);
                var created = client.post("/api/v1/journeys", Map.of("name", "Survives", "trigger",
                        Map.of("api", Map.of()), "steps", List.of(Map.of("wait", "PT8S"),
                                Map.of("webhook", Map.of("url", "http://127.0.0.1:" + hook.getAddress().getPort()
                                        + "/hook")))));
                assertThat(created.status()).as(created.toString()).isEqualTo(201);
                journey = created.json().get("id").asString();
                client.post("/api/v1/journeys/" + journey + "/activate", "{}");
                for (String person : people) {
                    var entered = client.post("/api/v1/journeys/" + journey + "/entries", Map.of("personId", person));
                    assertThat(entered.status()).as(entered.toString()).isEqualTo(201);
                }
                first.kill();
            }
            // down past everyone's due time
            Thread.sleep(10_000);
            assertThat(calls).isEmpty();

            try (ServerProcess second = ServerProcess.start(dataDir, ADMIN_EMAIL, ADMIN_PASSWORD, HOOKS_HERE, embedded(dataDir))) {
                ApiClient client = second.anonymous().basic(admin, PASSWORD);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                JsonNode stats = client.get("/api/v1/journeys/" + journey + "/stats").json();
                while (stats.get("done").asLong() < PEOPLE && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    stats = client.get("/api/v1/journeys/" + journey + "/stats").json();
                }
                assertThat(stats.get("done").asLong()).as(second.output()).isEqualTo(PEOPLE);
                Thread.sleep(2000);
                assertThat(calls).as("one call per person").hasSize(PEOPLE).doesNotHaveDuplicates();
                assertThat(stats.get("steps").get(1).get("outcomes").get("done").asLong()).isEqualTo(PEOPLE);
            }
        } finally {
            hook.stop(0);
        }
    }

    private static List<String> people(ApiClient admin) throws InterruptedException {
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            String email = "restart-" + i + "@example.com";
            emails.add(email);
            var sent = admin.post("/api/v1/events", Map.of("eventId", "e-" + UUID.randomUUID(), "type",
                    "loyalty.signup", "occurredAt", Instant.now().minusSeconds(60).toString(), "identifiers",
                    Map.of("email", email)));
            assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        }
        List<String> ids = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (String email : emails) {
            JsonNode found = admin.get("/api/v1/profiles?email=" + URLEncoder.encode(email, StandardCharsets.UTF_8))
                    .json().path("items");
            while (found.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
                found = admin.get("/api/v1/profiles?email=" + URLEncoder.encode(email, StandardCharsets.UTF_8))
                        .json().path("items");
            }
            assertThat(found).as("identity links " + email).isNotEmpty();
            ids.add(found.get(0).get("id").asString());
        }
        return ids;
    }
}

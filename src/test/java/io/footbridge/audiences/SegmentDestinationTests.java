package io.footbridge.audiences;

import com.sun.net.httpserver.HttpServer;
import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.footbridge.audiences.SegmentsTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A segment's webhook, against a real HTTP receiver: each entry is posted signed and without personal data, a
 * failing receiver is retried and then parked (visible, retried by hand), and an erasure reaches it.
 */
class SegmentDestinationTests extends ApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A call the receiver got: its body and signature header. */
    record Call(String body, String signature) {
    }

    private TestTenant tenant;
    private ApiClient admin;
    private ApiClient writer;
    private HttpServer receiver;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger answer = new AtomicInteger(200);
    private String run;

    @BeforeEach
    void setUp() throws IOException {
        tenant = newTenant();
        tenant.createStore("BER-1");
        admin = tenant.admin();
        writer = anonymous.bearer(tenant.createKey("forms", null, "events:write"));
        run = UUID.randomUUID().toString().substring(0, 8);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            calls.add(new Call(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("X-Footbridge-Signature")));
            exchange.sendResponseHeaders(answer.get(), -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    @Test
    void entriesArePostedSignedRetriedParkedAndAnErasureIsPassedOn() throws Exception {
        String segment = admin.post("/api/v1/segments", Map.of("name", "With email", "rule",
                Map.of("identifier", Map.of("type", "email")))).json().get("id").asString();
        var created = admin.post("/api/v1/segments/" + segment + "/destinations", Map.of("url",
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String destination = created.json().get("id").asString();
        String secret = created.json().get("secret").asString();
        assertThat(admin.get("/api/v1/segments/" + segment + "/destinations").json().get("items").get(0)
                .get("secret").isNull()).as("the secret is shown once").isTrue();

        signUp("anna");
        await(() -> calls.size() == 1, Duration.ofSeconds(30), "the entry is posted");
        Call call = calls.get(0);
        assertThat(call.signature()).isEqualTo("sha256=" + hmac(secret, call.body()));
        JsonNode body = JSON.readTree(call.body());
        assertThat(body.get("type").asString()).isEqualTo("segment.entered");
        assertThat(body.get("segmentId").asString()).isEqualTo(segment);
        String anna = body.get("personId").asString();
        assertThat(call.body()).doesNotContain("example.com");

        answer.set(500);
        signUp("ben");
        String deliveries = "/api/v1/segments/" + segment + "/destinations/" + destination + "/deliveries";
        await(() -> admin.get(deliveries + "?status=pending").json().get("items").size() == 1
                        && admin.get(deliveries + "?status=pending").json().get("items").get(0).get("attempts")
                        .asInt() >= 1, Duration.ofSeconds(30), "the failed call waits for its next try");
        JsonNode waiting = admin.get(deliveries + "?status=pending").json().get("items").get(0);
        assertThat(waiting.get("lastError").asString()).isEqualTo("answered 500");
        assertThat(Instant.parse(waiting.get("nextAt").asString())).isAfter(Instant.now());
        // skip the back-off's hours: the last try is due now
        jdbc.sql("UPDATE audience_delivery SET attempts = 7, next_at = :now WHERE id = :id")
                .param("now", java.time.OffsetDateTime.now()).param("id", UUID.fromString(waiting.get("id")
                        .asString())).update();
        await(() -> admin.get(deliveries + "?status=parked").json().get("items").size() == 1,
                Duration.ofSeconds(30), "the delivery is parked after its last try");
        assertThat(admin.get("/api/v1/segments/" + segment + "/destinations").json().get("items").get(0)
                .get("parked").asLong()).isEqualTo(1);

        answer.set(204);
        assertThat(admin.post("/api/v1/segments/" + segment + "/destinations/" + destination + "/retry", "{}")
                .json().get("deliveries").asLong()).isEqualTo(1);
        await(() -> admin.get(deliveries + "?status=delivered").json().get("items").size() == 2,
                Duration.ofSeconds(30), "the parked delivery goes once retried");

        int before = calls.size();
        assertThat(admin.delete("/api/v1/profiles/" + anna).status()).isEqualTo(200);
        await(() -> calls.size() > before && calls.get(calls.size() - 1).body().contains("segment.erased"),
                Duration.ofSeconds(30), "the erasure reaches the destination");
        assertThat(JSON.readTree(calls.get(calls.size() - 1).body()).get("personId").asString()).isEqualTo(anna);
        await(() -> jdbc.sql("SELECT COUNT(*) FROM audience_delivery WHERE person_id = :p")
                .param("p", UUID.fromString(anna)).query(Long.class).single() == 0, Duration.ofSeconds(10),
                "nothing of the erased person stays");
    }

    @Test
    void aBadAddressAnUnknownFieldOrAnotherTenantsSegmentIsRefused() {
        String segment = admin.post("/api/v1/segments", Map.of("name", "With email", "rule",
                Map.of("identifier", Map.of("type", "email")))).json().get("id").asString();
        var ftp = admin.post("/api/v1/segments/" + segment + "/destinations", Map.of("url", "ftp://example.com/x"));
        assertThat(ftp.status()).isEqualTo(400);
        assertThat(ftp.errorFields()).containsExactly("url");
        var extra = admin.post("/api/v1/segments/" + segment + "/destinations", Map.of("url",
                "https://example.com/x", "secret", "mine"));
        assertThat(extra.errorFields()).containsExactly("secret");
        var theirs = newTenant().admin().post("/api/v1/segments/" + segment + "/destinations", Map.of("url",
                "https://example.com/x"));
        assertThat(theirs.status()).isEqualTo(404);
        // a cloud metadata service: never called, whatever the installation allows
        var metadata = admin.post("/api/v1/segments/" + segment + "/destinations", Map.of("url",
                "http://169.254.169.254/latest/meta-data/"));
        assertThat(metadata.status()).isEqualTo(400);
        assertThat(metadata.errorFields()).containsExactly("url");
        assertThat(admin.get("/api/v1/segments/" + segment + "/destinations").json().get("items")).isEmpty();
    }

    private void signUp(String who) {
        var response = writer.post("/api/v1/events", Map.of("eventId", UUID.randomUUID().toString(),
                "type", "loyalty.signup", "occurredAt", Instant.now().minusSeconds(60).toString(), "store", "BER-1",
                "identifiers", Map.of("email", who + "-" + run + "@example.com")));
        assertThat(response.status()).as(response.toString()).isIn(200, 201, 202);
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}

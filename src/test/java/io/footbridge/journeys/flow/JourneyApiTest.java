package io.footbridge.journeys.flow;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** What the journey API tests share: a fresh tenant with a marketer's and an event sender's key, and the calls. */
abstract class JourneyApiTest extends ApiTest {

    protected TestTenant tenant;
    protected ApiClient marketer;
    protected ApiClient events;
    /** A mail domain of this test's own, so people never meet another test's. */
    protected String domain;

    @BeforeEach
    void setUpTenant() {
        tenant = newTenant();
        marketer = anonymous.bearer(tenant.createKey("journeys", null, "journeys:read", "journeys:write"));
        events = anonymous.bearer(tenant.createKey("events", null, "events:write"));
        domain = "j" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
    }

    /** A definition started by the API trigger with the given steps (JSON). */
    protected static String journey(String steps) {
        return "{\"name\": \"J\", \"trigger\": {\"api\": {}}, \"steps\": " + steps + "}";
    }

    protected void assertRefused(String steps, String field) {
        var refused = marketer.post("/api/v1/journeys", journey(steps));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("type").asString()).endsWith("/validation");
        assertThat(refused.errorFields()).as(refused.toString()).anyMatch(f -> f.startsWith(field));
    }

    /** Creates the journey and activates it; its id. */
    protected String active(String definition) {
        var created = marketer.post("/api/v1/journeys", definition);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        var activated = marketer.post("/api/v1/journeys/" + id + "/activate", "{}");
        assertThat(activated.json().get("status").asString()).isEqualTo("active");
        return id;
    }

    /**
     * An active journey entered by the API whose holdout (50 %) holds {@code person} out: the arm follows from the
     * journey and the person, so journeys are made until one does.
     */
    protected String activeHoldingOut(String person, String steps) {
        String id = null;
        for (int i = 0; i < 30 && id == null; i++) {
            String candidate = marketer.post("/api/v1/journeys", "{\"name\": \"Held " + i + "\", \"trigger\":"
                    + " {\"api\": {}}, \"holdoutPercent\": 50, \"steps\": " + steps + "}").json().get("id")
                    .asString();
            if (Entering.holdout(UUID.fromString(candidate), UUID.fromString(person), 50)) {
                id = candidate;
            }
        }
        assertThat(id).isNotNull();
        marketer.post("/api/v1/journeys/" + id + "/activate", "{}");
        return id;
    }

    protected JsonNode enter(String journey, String person) {
        var entered = marketer.post("/api/v1/journeys/" + journey + "/entries", Map.of("personId", person));
        assertThat(entered.status()).as(entered.toString()).isIn(200, 201);
        return entered.json();
    }

    protected JsonNode stats(String journey) {
        return marketer.get("/api/v1/journeys/" + journey + "/stats").json();
    }

    protected JsonNode step(String journey, int index) {
        return stats(journey).get("steps").get(index);
    }

    protected void event(String type, String email, String store) {
        event(type, email, store, Map.of());
    }

    protected void event(String type, String email, String store, Map<String, Object> properties) {
        var sent = events.post("/api/v1/events", Map.of("eventId", "e-" + UUID.randomUUID(), "type", type,
                "occurredAt", Instant.now().toString(), "store", store, "identifiers", Map.of("email", email),
                "properties", properties));
        assertThat(sent.status()).as(sent.toString()).isIn(200, 201, 202);
    }

    /** Captures a sign-up of the address, waits for identity to name them, and returns the profile's id. */
    protected String person(String email) {
        var response = events.post("/api/v1/events", Map.of("eventId", "e-" + UUID.randomUUID(), "type",
                "loyalty.signup", "occurredAt", Instant.now().minusSeconds(600).toString(), "identifiers",
                Map.of("email", email)));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        awaitResolved(tenant.id());
        return tenant.admin().get("/api/v1/profiles?email=" + URLEncoder.encode(email, StandardCharsets.UTF_8))
                .json().get("items").get(0).get("id").asString();
    }

    protected void grant(String profile, String channel) {
        var granted = tenant.admin().post("/api/v1/profiles/" + profile + "/consents", Map.of("channel", channel,
                "purpose", "marketing", "granted", true, "source", "form"));
        assertThat(granted.status()).as(granted.toString()).isEqualTo(201);
    }

    protected static String offer(ApiClient admin) {
        var offer = admin.post("/api/v1/offers", Map.of("name", "Autumn", "type", "amount", "amount", 500,
                "currency", "EUR", "validFrom", java.time.LocalDate.now().minusDays(1).toString(), "validUntil",
                java.time.LocalDate.now().plusDays(30).toString()));
        assertThat(offer.status()).as(offer.toString()).isEqualTo(201);
        return offer.json().get("id").asString();
    }

    protected static void await(BooleanSupplier condition, String what) {
        await(condition, () -> what);
    }

    protected static void await(BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("timed out waiting: " + what.get());
    }
}

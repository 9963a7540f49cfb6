package io.footbridge.capture;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EventsApiTests extends ApiTest {

    @Autowired
    CapturedEventsProbe probe;

    private TestTenant tenant;
    private ApiClient writer;

    @BeforeEach
    void tenant() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        writer = anonymous.bearer(tenant.createKey("app", null, "events:write", "events:read"));
    }

    private static Map<String, Object> event(String type, Map<String, Object> properties) {
        Map<String, Object> event = new HashMap<>();
        event.put("eventId", UUID.randomUUID().toString());
        event.put("type", type);
        event.put("occurredAt", Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
        event.put("store", "BER-1");
        event.put("identifiers", Map.of("email", "Jane.Doe@Example.com"));
        event.put("properties", properties);
        return event;
    }

    private long stored(String eventId) {
        return jdbc.sql("SELECT COUNT(*) FROM capture_event WHERE tenant_id = :t AND event_id = :e")
                .param("t", tenant.id()).param("e", eventId).query(Long.class).single();
    }

    @Test
    void anEventIsKeptOnceAndARetryAnswersDuplicate() {
        var event = event("qr.scan", Map.of("placement", "window"));
        int before = probe.received().size();

        var first = writer.post("/api/v1/events", event);
        var retry = writer.post("/api/v1/events", event);

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.json().get("status").asString()).isEqualTo("accepted");
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("status").asString()).isEqualTo("duplicate");
        assertThat(stored((String) event.get("eventId"))).isEqualTo(1);
        assertThat(probe.received().subList(before, probe.received().size()))
                .anySatisfy(e -> assertThat(e.tenantId()).isEqualTo(tenant.id()));

        JsonNode kept = writer.get("/api/v1/events?type=qr.scan").json().get("items").get(0);
        assertThat(kept.get("identifiersJson").asString()).contains("Jane.Doe@Example.com");
        assertThat(kept.get("occurredAt").asString()).isEqualTo(event.get("occurredAt"));
        assertThat(kept.get("receivedAt").asString()).isNotEqualTo(kept.get("occurredAt").asString());
    }

    @Test
    void theIdempotencyKeyHeaderStandsInForAMissingEventId() {
        var event = event("qr.scan", Map.of());
        event.remove("eventId");
        String body = tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(event);
        String key = "key-" + UUID.randomUUID();

        var first = writer.send(writer.request("/api/v1/events").header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)));
        var retry = writer.send(writer.request("/api/v1/events").header("Content-Type", "application/json")
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)));
        var withoutAnyId = writer.post("/api/v1/events", event);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(stored(key)).isEqualTo(1);
        assertThat(withoutAnyId.status()).isEqualTo(400);
        assertThat(withoutAnyId.errorFields()).containsExactly("eventId");
    }

    @Test
    void concurrentCopiesOfOneEventAreKeptOnce() throws Exception {
        var event = event("nfc.tap", Map.of("tag", "shelf-4"));
        var statuses = concurrently(10, () -> writer.post("/api/v1/events", event).status());

        assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 200);
        assertThat(stored((String) event.get("eventId"))).isEqualTo(1);
    }

    @Test
    void aBatchAnswersPerItemInOrderAndOneBadItemSinksNothing() {
        var good = event("web.page_view", Map.of("url", "https://shop.example/p/1"));
        var unknownType = event("teleport", Map.of());
        var missingProperty = event("web.page_view", Map.of());
        var wrongKind = event("feedback.submitted", Map.of("score", "great"));
        var outOfRange = event("feedback.submitted", Map.of("score", 11));
        var unknownStore = event("qr.scan", Map.of());
        unknownStore.put("store", "NOPE");
        var future = event("qr.scan", Map.of());
        future.put("occurredAt", Instant.now().plus(Duration.ofHours(2)).toString());
        var ancient = event("qr.scan", Map.of());
        ancient.put("occurredAt", Instant.now().minus(Duration.ofDays(400)).toString());
        var noPerson = event("loyalty.signup", Map.of());
        noPerson.put("identifiers", Map.of("anonymousId", "cookie-1"));
        var posWithoutStore = event("pos.purchase", Map.of("transactionId", "t1", "total", 100, "currency", "EUR"));
        posWithoutStore.remove("store");
        var unknownField = event("qr.scan", Map.of());
        unknownField.put("colour", "red");
        var badTimestamp = event("qr.scan", Map.of());
        badTimestamp.put("occurredAt", "yesterday");
        var duplicateOfGood = new HashMap<>(good);

        var response = writer.post("/api/v1/events/batch", Map.of("events", List.of(good, unknownType,
                missingProperty, wrongKind, outOfRange, unknownStore, future, ancient, noPerson, posWithoutStore,
                unknownField, badTimestamp, duplicateOfGood, "not an object")));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode results = response.json().get("results");
        assertThat(results).hasSize(14);
        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i).get("index").asInt()).isEqualTo(i);
        }
        assertThat(results.get(0).get("status").asString()).isEqualTo("accepted");
        assertRejected(results.get(1), "type");
        assertRejected(results.get(2), "properties.url");
        assertRejected(results.get(3), "properties.score");
        assertRejected(results.get(4), "properties.score");
        assertRejected(results.get(5), "store");
        assertRejected(results.get(6), "occurredAt");
        assertRejected(results.get(7), "occurredAt");
        assertRejected(results.get(8), "identifiers");
        assertRejected(results.get(9), "store");
        assertRejected(results.get(10), "colour");
        assertRejected(results.get(11), "occurredAt");
        assertThat(results.get(12).get("status").asString()).isEqualTo("duplicate");
        assertRejected(results.get(13), "event");
        assertThat(response.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(response.json().get("rejected").asInt()).isEqualTo(12);

        JsonNode failed = writer.get("/api/v1/failed-events?limit=500").json().get("items");
        assertThat(failed).hasSize(12);
        assertThat(failed.toString()).contains("teleport", "not an object");
    }

    private static void assertRejected(JsonNode result, String field) {
        assertThat(result.get("status").asString()).as(result.toString()).isEqualTo("rejected");
        List<String> fields = new ArrayList<>();
        result.get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).as(result.toString()).contains(field);
        assertThat(result.get("failedEventId").asString()).isNotBlank();
    }

    @Test
    void batchesOverTheLimitAreRefusedWhole() {
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            events.add(event("qr.scan", Map.of()));
        }

        var tooMany = writer.post("/api/v1/events/batch", Map.of("events", events));
        var notAnArray = writer.post("/api/v1/events/batch", Map.of("events", "many"));
        var extraField = writer.post("/api/v1/events/batch", Map.of("events", List.of(), "dryRun", true));

        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.errorFields()).containsExactly("events");
        assertThat(notAnArray.errorFields()).containsExactly("events");
        assertThat(extraField.errorFields()).containsExactly("dryRun");
        assertThat(writer.get("/api/v1/events").json().get("items")).isEmpty();
    }

    @Test
    void aRejectedEventIsKeptAndCanBeReplayedOnceFixed() {
        var event = event("qr.scan", Map.of());
        event.put("store", "LATER");

        var rejected = writer.post("/api/v1/events", event);
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.errorFields()).containsExactly("store");
        String failedId = rejected.json().get("failedEventId").asString();
        assertThat(writer.get("/api/v1/failed-events/" + failedId).json().get("payload").get("store").asString())
                .isEqualTo("LATER");

        assertThat(writer.post("/api/v1/failed-events/" + failedId + "/replay", "").status()).isEqualTo(400);
        tenant.createStore("LATER");
        var replayed = writer.post("/api/v1/failed-events/" + failedId + "/replay", "");
        var again = writer.post("/api/v1/failed-events/" + failedId + "/replay", "");

        assertThat(replayed.status()).as(replayed.toString()).isEqualTo(201);
        assertThat(stored((String) event.get("eventId"))).isEqualTo(1);
        assertThat(writer.get("/api/v1/failed-events/" + failedId).json().get("status").asString())
                .isEqualTo("replayed");
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void aFailedEventCanBeReplayedWithACorrectedPayloadOrDiscarded() {
        var event = event("feedback.submitted", Map.of("score", 42));
        String failedId = writer.post("/api/v1/events", event).json().get("failedEventId").asString();
        var other = writer.post("/api/v1/events", event("teleport", Map.of())).json().get("failedEventId").asString();

        event.put("properties", Map.of("score", 9));
        var corrected = writer.post("/api/v1/failed-events/" + failedId + "/replay", event);
        var discarded = writer.delete("/api/v1/failed-events/" + other);

        assertThat(corrected.status()).isEqualTo(201);
        assertThat(discarded.status()).isEqualTo(204);
        assertThat(writer.get("/api/v1/failed-events").json().get("items")).isEmpty();
        assertThat(writer.get("/api/v1/failed-events?status=discarded").json().get("items")).hasSize(1);
    }

    @Test
    void customEventTypesAreValidatedByTheirSchema() {
        var schema = Map.of("type", "object", "required", List.of("wine"),
                "properties", Map.of("wine", Map.of("type", "string"), "glasses", Map.of("type", "integer", "minimum", 1)));
        var defined = tenant.admin().put("/api/v1/event-types/custom.tasting",
                Map.of("description", "Wine tasting", "schema", schema));
        assertThat(defined.status()).as(defined.toString()).isEqualTo(200);

        var ok = writer.post("/api/v1/events", event("custom.tasting", Map.of("wine", "Riesling", "glasses", 2)));
        var bad = writer.post("/api/v1/events", event("custom.tasting", Map.of("glasses", 0)));

        assertThat(ok.status()).isEqualTo(201);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorFields()).anyMatch(f -> f.startsWith("properties"));
        assertThat(writer.get("/api/v1/event-types").raw().body()).contains("custom.tasting", "pos.purchase");
        // another tenant does not know the type
        var other = newTenant();
        other.createStore("BER-1");
        var otherWriter = anonymous.bearer(other.createKey("app", null, "events:write"));
        assertThat(otherWriter.post("/api/v1/events", event("custom.tasting", Map.of("wine", "x"))).errorFields())
                .containsExactly("type");
    }

    @Test
    void nonsenseSchemasAreRefusedAndACatastrophicPatternCannotHoldAThread() {
        var nonsense = tenant.admin().put("/api/v1/event-types/custom.nonsense",
                Map.of("schema", Map.of("type", 5, "properties", Map.of("a", Map.of("minLength", "x")))));
        assertThat(nonsense.status()).isEqualTo(400);
        assertThat(nonsense.errorFields()).contains("schema.type", "schema.properties.a.minLength");

        var badPattern = tenant.admin().put("/api/v1/event-types/custom.badpattern",
                Map.of("schema", Map.of("type", "object", "properties", Map.of("code", Map.of("pattern", "(")))));
        assertThat(badPattern.status()).isEqualTo(400);

        var evil = tenant.admin().put("/api/v1/event-types/custom.evil", Map.of("schema", Map.of("type", "object",
                "properties", Map.of("code", Map.of("type", "string", "pattern", "(.*a){12}$")))));
        assertThat(evil.status()).as(evil.toString()).isEqualTo(200);
        assertThat(writer.post("/api/v1/events", event("custom.evil", Map.of("code", "a".repeat(12)))).status())
                .isEqualTo(201);
        long started = System.nanoTime();
        var slow = writer.post("/api/v1/events", event("custom.evil", Map.of("code", "a".repeat(40) + "!")));
        assertThat(slow.status()).isEqualTo(400);
        assertThat(slow.raw().body()).contains("one of its patterns is too slow");
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms; unbounded it runs for hours").isLessThan(5_000);
    }

    @Test
    void anOversizedSchemaIsRefusedByFieldNotByTheDatabase() {
        var huge = tenant.admin().put("/api/v1/event-types/custom.huge", Map.of("schema", Map.of("type", "object",
                "description", "x".repeat(100 * 1024))));

        assertThat(huge.status()).as(huge.toString()).isEqualTo(400);
        assertThat(huge.errorFields()).containsExactly("schema");
        assertThat(tenant.admin().get("/api/v1/event-types").raw().body()).doesNotContain("custom.huge");
    }

    @Test
    void manySlowValuesShareOneBudgetInsteadOfEachTakingTheirOwn() {
        var evil = tenant.admin().put("/api/v1/event-types/custom.slow", Map.of("schema", Map.of("type", "object",
                "properties", Map.of("code", Map.of("type", "string", "pattern", "(.*a){12}$")))));
        assertThat(evil.status()).as(evil.toString()).isEqualTo(200);
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add(event("custom.slow", Map.of("code", "a".repeat(40) + "!")));
        }

        var batch = writer.post("/api/v1/events/batch", Map.of("events", events));

        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        assertThat(batch.json().get("rejected").asInt()).isEqualTo(200);
        List<String> reasons = batch.json().get("results").valueStream()
                .map(r -> r.get("errors").get(0).get("reason").asString()).toList();
        assertThat(reasons).as("once the request's time for patterns is spent, the rest are not run at all")
                .filteredOn(r -> r.contains("time for schema patterns is used up")).hasSizeGreaterThan(150);
        assertThat(reasons).allMatch(r -> r.contains("too slow") || r.contains("used up"));
    }

    @Test
    void schemasThatReachOutsideAreRefused() {
        var remote = tenant.admin().put("/api/v1/event-types/custom.remote",
                Map.of("schema", Map.of("$ref", "http://169.254.169.254/latest")));
        var builtIn = tenant.admin().put("/api/v1/event-types/qr.scan", Map.of("schema", Map.of("type", "object")));
        var badName = tenant.admin().put("/api/v1/event-types/Bad%20Name", Map.of("schema", Map.of()));

        assertThat(remote.status()).isEqualTo(400);
        assertThat(remote.errorFields()).containsExactly("schema");
        assertThat(builtIn.errorFields()).containsExactly("name");
        assertThat(badName.status()).isEqualTo(400);
    }

    @Test
    void aStoreBoundKeyWritesForItsOwnStoreOnly() {
        tenant.createStore("HAM-1");
        var till = anonymous.bearer(tenant.createKey("till", "HAM-1", "events:write"));
        var own = event("qr.scan", Map.of());
        own.remove("store");
        var foreign = event("qr.scan", Map.of());

        var ownResult = till.post("/api/v1/events", own);
        var foreignResult = till.post("/api/v1/events", foreign);

        assertThat(ownResult.status()).isEqualTo(201);
        assertThat(foreignResult.status()).isEqualTo(400);
        assertThat(foreignResult.errorFields()).containsExactly("store");
        String storeOfEvent = jdbc.sql("""
                        SELECT s.code FROM capture_event e JOIN store s ON s.id = e.store_id
                        WHERE e.tenant_id = :t AND e.event_id = :e""")
                .param("t", tenant.id()).param("e", own.get("eventId")).query(String.class).single();
        assertThat(storeOfEvent).isEqualTo("HAM-1");
    }

    @Test
    void eventsNamingATouchpointAreTiedToItsStore() {
        var created = tenant.admin().post("/api/v1/touchpoints", Map.of("code", "ber-window-qr", "type", "qr_code",
                "store", "BER-1", "label", "Window poster", "stage", "pre_purchase"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        var event = event("qr.scan", Map.of());
        event.remove("store");
        event.put("touchpoint", "ber-window-qr");
        tenant.createStore("MUC-1");
        var mismatch = event("qr.scan", Map.of());
        mismatch.put("store", "MUC-1");
        mismatch.put("touchpoint", "ber-window-qr");

        assertThat(writer.post("/api/v1/events", event).status()).isEqualTo(201);
        assertThat(writer.post("/api/v1/events", mismatch).errorFields()).containsExactly("touchpoint");
        JsonNode kept = writer.get("/api/v1/events?type=qr.scan").json().get("items").get(0);
        assertThat(kept.get("touchpointId").asString()).isEqualTo(created.json().get("id").asString());
        assertThat(kept.get("storeId").isNull()).isFalse();
    }
}

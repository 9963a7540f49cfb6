package io.footbridge.audiences;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.footbridge.audiences.SegmentsTestSupport.await;
import static io.footbridge.audiences.SegmentsTestSupport.person;
import static io.footbridge.audiences.SegmentsTestSupport.purchase;
import static org.assertj.core.api.Assertions.assertThat;

class SegmentsApiTests extends ApiTest {

    private static final String TWICE_COFFEE_IN_BERLIN = """
            {"name": "Coffee twice in Berlin", "rule": {"all": [
              {"event": {"type": "pos.purchase", "within": "P90D", "min": 2, "store": "BER-1", "category": "coffee"}},
              {"noEvent": {"type": "pos.purchase", "within": "P3D"}}]}}""";

    @Autowired
    private DataSource dataSource;
    private TestTenant tenant;
    private ApiClient writer;
    private ApiClient marketer;

    @BeforeEach
    void setUp() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        tenant.createStore("HAM-1");
        writer = anonymous.bearer(tenant.createKey("till", null, "events:write"));
        marketer = anonymous.bearer(tenant.createKey("marketing", null, "segments:read", "segments:write"));
    }

    @Test
    void aSegmentCountsThePeopleItsRulePicksAndListsThemById() {
        purchase(writer, "anna@example.com", "BER-1", 1200, 20, "coffee", Map.of());
        purchase(writer, "anna@example.com", "BER-1", 800, 10, "coffee", Map.of());
        purchase(writer, "ben@example.com", "BER-1", 900, 10, "coffee", Map.of());
        purchase(writer, "ben@example.com", "BER-1", 900, 12, "tea", Map.of());
        purchase(writer, "cleo@example.com", "HAM-1", 700, 15, "coffee", Map.of());
        purchase(writer, "cleo@example.com", "HAM-1", 700, 14, "coffee", Map.of());
        purchase(writer, "dora@example.com", "BER-1", 700, 15, "coffee", Map.of());
        purchase(writer, "dora@example.com", "BER-1", 700, 1, "coffee", Map.of());
        UUID anna = person(jdbc, tenant.id(), "anna@example.com");
        awaitResolved(tenant.id());
        awaitProjected();

        var created = marketer.post("/api/v1/segments", TWICE_COFFEE_IN_BERLIN);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.header("Location")).endsWith("/api/v1/segments/" + id);
        JsonNode segment = marketer.get("/api/v1/segments/" + id).json();
        // ben bought coffee once, cleo in Hamburg, dora yesterday
        assertThat(segment.get("size").asLong()).isEqualTo(1);
        JsonNode members = marketer.get("/api/v1/segments/" + id + "/members?limit=10").json();
        assertThat(members.get("items").get(0).asString()).isEqualTo(anna.toString());
        assertThat(marketer.post("/api/v1/segments/preview", Map.of("rule", Map.of("event",
                Map.of("type", "pos.purchase", "category", "coffee")))).json().get("size").asLong()).isEqualTo(4);
    }

    @Test
    void anEventEntersThePersonItMakesAMemberWithinASecondAndTheEntryIsRecorded() {
        purchase(writer, "ben@example.com", "BER-1", 900, 10, "coffee", Map.of());
        UUID ben = person(jdbc, tenant.id(), "ben@example.com");
        awaitResolved(tenant.id());
        awaitProjected();
        String id = marketer.post("/api/v1/segments", TWICE_COFFEE_IN_BERLIN).json().get("id").asString();
        assertThat(size(id)).isZero();

        long sent = System.nanoTime();
        purchase(writer, "ben@example.com", "BER-1", 900, 5, "coffee", Map.of());
        await(() -> size(id) == 1, Duration.ofSeconds(10), "ben enters");
        long millis = (System.nanoTime() - sent) / 1_000_000;
        System.out.printf("segment entry seen %d ms after the event's answer (polled every 50 ms)%n", millis);

        assertThat(millis).as("from the event's answer to the membership").isLessThan(3_000);
        JsonNode changes = marketer.get("/api/v1/segments/" + id + "/changes").json().get("items");
        assertThat(changes.get(0).get("personId").asString()).isEqualTo(ben.toString());
        assertThat(changes.get(0).get("entered").asBoolean()).isTrue();

        // a purchase today puts ben outside "no purchase in the last 3 days": he leaves
        purchase(writer, "ben@example.com", "BER-1", 900, 0.01, "coffee", Map.of());
        await(() -> size(id) == 0, Duration.ofSeconds(10), "ben leaves");
        changes = marketer.get("/api/v1/segments/" + id + "/changes").json().get("items");
        assertThat(changes.get(0).get("entered").asBoolean()).isFalse();
    }

    /**
     * Two profiles that staff merge are one member with both their sales, even when the segment clock is busy at
     * that moment for longer than the database waits for a lock.
     */
    @Test
    void aMergeWhileTheClockIsBusyStillJoinsTheSales() throws Exception {
        purchase(writer, "anna@example.com", "BER-1", 900, 20, "coffee", Map.of());
        purchase(writer, "anna.work@example.com", "BER-1", 900, 10, "coffee", Map.of());
        UUID anna = person(jdbc, tenant.id(), "anna@example.com");
        UUID work = person(jdbc, tenant.id(), "anna.work@example.com");
        awaitResolved(tenant.id());
        awaitProjected();
        String id = marketer.post("/api/v1/segments", TWICE_COFFEE_IN_BERLIN).json().get("id").asString();
        assertThat(size(id)).isZero();

        try (Connection busy = dataSource.getConnection()) {
            busy.setAutoCommit(false);
            try (var hold = busy.prepareStatement(
                    "SELECT passed_at FROM segment_clock WHERE name = 'windows' FOR UPDATE")) {
                hold.executeQuery().close();
            }
            var merge = tenant.admin().post("/api/v1/profiles/" + anna + "/merge", Map.of("profileId", work));
            assertThat(merge.status()).as(merge.toString()).isEqualTo(200);
            // longer than H2 waits for a lock: the merge's first try at the clock is refused
            Thread.sleep(2_500);
            busy.commit();
        }

        await(() -> size(id) == 1, Duration.ofSeconds(30), "the merged person has both sales");
    }

    @Test
    void aSegmentSavedWhileTheClockIsBusyWaitsForIt() throws Exception {
        try (Connection busy = dataSource.getConnection()) {
            busy.setAutoCommit(false);
            try (var hold = busy.prepareStatement(
                    "SELECT passed_at FROM segment_clock WHERE name = 'windows' FOR UPDATE")) {
                hold.executeQuery().close();
            }
            // a long windows pass: held longer than H2 waits for a lock, then let go
            var release = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(2_500);
                    busy.commit();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            var created = marketer.post("/api/v1/segments", TWICE_COFFEE_IN_BERLIN);
            release.join();
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(size(created.json().get("id").asString())).isZero();
        }
    }

    @Test
    void spendTraitsAndMembershipOfAnotherSegmentCombine() {
        purchase(writer, "anna@example.com", "BER-1", 6000, 20, "coffee", Map.of("language", "de"));
        purchase(writer, "anna@example.com", "BER-1", 5000, 10, "coffee", Map.of());
        purchase(writer, "ben@example.com", "BER-1", 9000, 10, "coffee", Map.of("language", "en"));
        UUID anna = person(jdbc, tenant.id(), "anna@example.com");
        awaitResolved(tenant.id());
        awaitProjected();
        String big = marketer.post("/api/v1/segments", Map.of("name", "Spent 100 EUR", "rule",
                Map.of("spend", Map.of("within", "P365D", "min", 10000, "currency", "EUR")))).json()
                .get("id").asString();

        var german = marketer.post("/api/v1/segments", Map.of("name", "Big German spenders", "rule",
                Map.of("all", List.of(Map.of("segment", big),
                        Map.of("trait", Map.of("name", "language", "op", "eq", "value", "de")),
                        Map.of("trait", Map.of("name", "preferredStore", "value", "BER-1")),
                        Map.of("identifier", Map.of("type", "email"))))));

        assertThat(german.status()).as(german.toString()).isEqualTo(201);
        assertThat(size(big)).isEqualTo(1);
        assertThat(german.json().get("size").asLong()).isEqualTo(1);
        assertThat(marketer.get("/api/v1/segments/" + german.json().get("id").asString() + "/members").json()
                .get("items").get(0).asString()).isEqualTo(anna.toString());
    }

    @Test
    void badRulesAreRefusedNamingThePlace() {
        assertFault(Map.of("name", "x", "rule", Map.of("all", List.of(Map.of("event",
                Map.of("type", "pos.purchase", "colour", "red"))))), "rule.all[0].event.colour");
        assertFault(Map.of("name", "x", "rule", Map.of("event", Map.of("type", "pos.purchase", "min", "two"))),
                "rule.event.min");
        assertFault(Map.of("name", "x", "rule", Map.of("noEvent", Map.of("type", "pos.purchase", "within", "P-3D"))),
                "rule.noEvent.within");
        assertFault(Map.of("name", "x", "rule", Map.of("event", Map.of("type", "pos.purchase", "store", "NOPE"))),
                "rule.event.store");
        assertFault(Map.of("name", "x", "rule", Map.of("weather", "sunny")), "rule.weather");
        assertFault(Map.of("name", "x", "rule", Map.of("spend", Map.of("within", "P30D", "min", 1))),
                "rule.spend.currency");
        assertFault(Map.of("name", "x"), "rule");
        assertFault(Map.of("name", "x", "rule", Map.of("all", List.of()), "colour", "red"), "colour");
        var malformed = marketer.post("/api/v1/segments", "{\"name\": \"x\", \"rule\": {");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(marketer.get("/api/v1/segments").json().get("items")).isEmpty();
    }

    @Test
    void aSegmentCannotReferToItselfDirectlyOrThroughOthersNorToAnotherTenantsSegment() {
        String a = marketer.post("/api/v1/segments", Map.of("name", "A", "rule",
                Map.of("identifier", Map.of("type", "email")))).json().get("id").asString();
        String b = marketer.post("/api/v1/segments", Map.of("name", "B", "rule",
                Map.of("segment", a))).json().get("id").asString();

        var self = marketer.put("/api/v1/segments/" + a, Map.of("rule", Map.of("not", Map.of("segment", a))));
        assertThat(self.status()).isEqualTo(400);
        assertThat(self.errorFields()).containsExactly("rule.not.segment");
        var loop = marketer.put("/api/v1/segments/" + a, Map.of("rule", Map.of("any", List.of(
                Map.of("identifier", Map.of("type", "phone")), Map.of("segment", b)))));
        assertThat(loop.status()).isEqualTo(400);
        assertThat(loop.errorFields()).containsExactly("rule.any[1].segment");

        TestTenant other = newTenant();
        ApiClient theirs = anonymous.bearer(other.createKey("m", null, "segments:read", "segments:write"));
        var foreign = theirs.post("/api/v1/segments", Map.of("name", "C", "rule", Map.of("segment", a)));
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.errorFields()).containsExactly("rule.segment");
        assertThat(theirs.get("/api/v1/segments/" + a).status()).isEqualTo(404);
        assertThat(theirs.get("/api/v1/segments/" + a + "/members").status()).isEqualTo(404);
        assertThat(marketer.get("/api/v1/segments/" + a).json().get("rule").get("identifier").get("type")
                .asString()).isEqualTo("email");
    }

    @Test
    void storeManagersSeeAndMakeSegmentsOfTheirStoresOnly() {
        marketer.post("/api/v1/segments", Map.of("name", "Tenant-wide", "rule",
                Map.of("identifier", Map.of("type", "email"))));
        marketer.post("/api/v1/segments", Map.of("name", "Hamburg", "store", "HAM-1", "rule",
                Map.of("event", Map.of("type", "pos.purchase", "store", "HAM-1"))));
        ApiClient manager = tenant.createUser("store_manager", "BER-1");

        var own = manager.post("/api/v1/segments", Map.of("name", "Berlin", "store", "BER-1", "rule",
                Map.of("event", Map.of("type", "pos.purchase", "store", "BER-1"))));
        assertThat(own.status()).as(own.toString()).isEqualTo(403);

        List<String> names = new ArrayList<>();
        manager.get("/api/v1/segments").json().get("items").forEach(s -> names.add(s.get("name").asString()));
        assertThat(names).isEmpty();
        String berlin = marketer.post("/api/v1/segments", Map.of("name", "Berlin", "store", "BER-1", "rule",
                Map.of("event", Map.of("type", "pos.purchase", "store", "BER-1")))).json().get("id").asString();
        manager.get("/api/v1/segments").json().get("items").forEach(s -> names.add(s.get("name").asString()));
        assertThat(names).containsExactly("Berlin");
        assertThat(manager.get("/api/v1/segments/" + berlin).status()).isEqualTo(200);
    }

    private void assertFault(Map<String, ?> body, String field) {
        var response = marketer.post("/api/v1/segments", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorFields()).as(response.toString()).contains(field);
    }

    private long size(String id) {
        return marketer.get("/api/v1/segments/" + id).json().get("size").asLong();
    }

    /** Waits until the segments have every event of the tenant with its person. */
    private void awaitProjected() {
        await(() -> jdbc.sql("""
                        SELECT COUNT(*) FROM capture_event c WHERE c.tenant_id = :t AND NOT EXISTS
                          (SELECT 1 FROM segment_event s WHERE s.seq = c.seq AND s.person_id IS NOT NULL)
                        """).param("t", tenant.id()).query(Long.class).single() == 0
                        && jdbc.sql("SELECT COUNT(*) FROM segment_pending WHERE tenant_id = :t")
                        .param("t", tenant.id()).query(Long.class).single() == 0,
                Duration.ofSeconds(20), "segments see every event");
    }
}

package io.footbridge.journeys.flow;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The points step: loyalty points given or taken once per entry and step, through loyalty's ledger. */
class JourneyPointsTests extends JourneyApiTest {

    @org.springframework.beans.factory.annotation.Autowired
    Runner runner;

    @BeforeEach
    void setUp() {
        tenant.createStore("BER-1");
    }

    private void programme(Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("currency", "EUR", "pointsPerUnit", 1, "unit", 100,
                // a sign-up with a loyalty number joins only where the programme names the sign-up
                "bonuses", Map.of("loyalty.signup", 0)));
        body.putAll(extra);
        var saved = tenant.admin().put("/api/v1/loyalty/program", body);
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    }

    /** A member who joined by a sign-up carrying their loyalty number and e-mail; their profile's id. */
    private String member(String loyaltyId) {
        String email = loyaltyId.toLowerCase() + "@" + domain;
        var sent = events.post("/api/v1/events", Map.of("eventId", "e-" + UUID.randomUUID(), "type",
                "loyalty.signup", "store", "BER-1", "occurredAt", Instant.now().minusSeconds(600).toString(),
                "identifiers", Map.of("loyaltyId", loyaltyId, "email", email)));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        await(() -> tenant.admin().get("/api/v1/loyalty/members?loyaltyId=" + loyaltyId).status() == 200
                && !tenant.admin().get("/api/v1/loyalty/members?loyaltyId=" + loyaltyId).json().path("profileId")
                .isNull(), "the member joins and is linked to the person");
        return tenant.admin().get("/api/v1/loyalty/members?loyaltyId=" + loyaltyId).json().get("profileId")
                .asString();
    }

    private long available(String loyaltyId) {
        return tenant.admin().get("/api/v1/loyalty/members?loyaltyId=" + loyaltyId).json().get("available").asLong();
    }

    private List<JsonNode> journeyEntries(String loyaltyId) {
        var ledger = tenant.admin().get("/api/v1/loyalty/members/" + loyaltyId + "/ledger");
        assertThat(ledger.status()).as(ledger.toString()).isEqualTo(200);
        List<JsonNode> found = new ArrayList<>();
        ledger.json().path("entries").forEach(e -> {
            if (e.path("source").asString().equals("journey")) {
                found.add(e);
            }
        });
        return found;
    }

    /** The person's line of the points step, as the customer page lists their journey steps. */
    private JsonNode pointsLine(String person) {
        for (JsonNode line : marketer.get("/api/v1/journeys/people/" + person).json().get("items")) {
            if (line.get("kind").asString().equals("points")) {
                return line;
            }
        }
        throw new AssertionError("no points step on the person's journey steps");
    }

    private static String number() {
        return "L" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    @Test
    void aPointsStepWithoutAPositiveAmountWithBothAwardAndDeductOrWithoutAReasonIsRefusedNamingTheStep() {
        assertRefused("[{\"points\": {\"award\": 0, \"reason\": \"r\"}}]", "steps[0].points.award");
        assertRefused("[{\"points\": {\"award\": -5, \"reason\": \"r\"}}]", "steps[0].points.award");
        assertRefused("[{\"points\": {\"deduct\": 0, \"reason\": \"r\"}}]", "steps[0].points.deduct");
        assertRefused("[{\"points\": {\"award\": 1.5, \"reason\": \"r\"}}]", "steps[0].points.award");
        assertRefused("[{\"points\": {\"award\": \"100\", \"reason\": \"r\"}}]", "steps[0].points.award");
        assertRefused("[{\"points\": {\"award\": 10, \"deduct\": 10, \"reason\": \"r\"}}]", "steps[0].points");
        assertRefused("[{\"points\": {\"reason\": \"r\"}}]", "steps[0].points");
        assertRefused("[{\"points\": {\"award\": 10}}]", "steps[0].points.reason");
        assertRefused("[{\"points\": {\"award\": 10, \"reason\": \" \"}}]", "steps[0].points.reason");
        assertRefused("[{\"points\": {\"award\": 10, \"reason\": \"r\", \"tier\": \"Gold\"}}]",
                "steps[0].points.tier");
        assertRefused("[{\"wait\": \"PT1H\"}, {\"branch\": {\"if\": {\"trait\": \"city\", \"op\": \"equals\","
                + " \"value\": \"Berlin\"}, \"then\": [{\"points\": {\"deduct\": -3, \"reason\": \"r\"}}],"
                + " \"else\": []}}]", "steps[1].branch.then[0].points.deduct");
        assertThat(marketer.get("/api/v1/journeys").json().get("items")).isEmpty();
    }

    @Test
    void anAwardRunTwiceAwardsOnceAndTheMembersLedgerNamesTheJourney() {
        programme(Map.of());
        String loyaltyId = number();
        String person = member(loyaltyId);
        long before = available(loyaltyId);
        String id = active(journey("[{\"points\": {\"award\": 100, \"reason\": \"Thank you for joining\"}}]"));
        enter(id, person);
        await(() -> stats(id).get("done").asLong() == 1, () -> "the journey ends: " + stats(id));

        assertThat(available(loyaltyId)).isEqualTo(before + 100);
        assertThat(step(id, 0).get("kind").asString()).isEqualTo("points");
        List<JsonNode> entries = journeyEntries(loyaltyId);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).get("kind").asString()).isEqualTo("bonus");
        assertThat(entries.get(0).get("points").asLong()).isEqualTo(100);
        assertThat(entries.get(0).get("reason").asString()).isEqualTo("Thank you for joining");
        assertThat(entries.get(0).get("actor").asString()).isEqualTo("journey " + id + " v1");
        JsonNode line = pointsLine(person);
        assertThat(line.get("kind").asString()).as("on the person's journey steps").isEqualTo("points");
        assertThat(line.get("detail").asString()).startsWith("awarded 100 points");

        // the step runs again, as after a node died with its line lost: the entry goes back to it
        UUID entry = jdbc.sql("SELECT id FROM journey_entry WHERE journey_id = :j").param("j", UUID.fromString(id))
                .query(UUID.class).single();
        jdbc.sql("DELETE FROM journey_step WHERE entry_id = :e").param("e", entry).update();
        jdbc.sql("""
                UPDATE journey_entry SET status = 'active', pc = 0, steps_run = 0, attempts = 0,
                    due_at = CURRENT_TIMESTAMP, ended_at = NULL, end_reason = NULL WHERE id = :e
                """).param("e", entry).update();
        runner.runDue(Instant.now());
        await(() -> stats(id).get("done").asLong() == 1, () -> "the journey ends again: " + stats(id));

        assertThat(step(id, 0).get("outcomes").path("done").asLong()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT detail FROM journey_step WHERE entry_id = :e AND seq = 0").param("e", entry)
                .query(String.class).single()).isEqualTo("the ledger had this step's points already");
        assertThat(journeyEntries(loyaltyId)).as("awarded once").hasSize(1);
        assertThat(available(loyaltyId)).isEqualTo(before + 100);
    }

    @Test
    void aLoyaltyNumberDeniedAsSharedGetsNoPointsFromAJourney() {
        programme(Map.of());
        String loyaltyId = number();
        String person = member(loyaltyId);
        long before = available(loyaltyId);
        var denied = tenant.admin().post("/api/v1/identity/denied", Map.of("type", "loyaltyId", "value", loyaltyId));
        assertThat(denied.status()).as(denied.toString()).isEqualTo(201);
        String id = active(journey("[{\"points\": {\"award\": 100, \"reason\": \"Thank you\"}}]"));
        enter(id, person);
        await(() -> stats(id).get("done").asLong() == 1, () -> "the journey ends: " + stats(id));

        assertThat(journeyEntries(loyaltyId)).as("a shared card is no one person's").isEmpty();
        assertThat(available(loyaltyId)).isEqualTo(before);
    }

    @Test
    void aDeductionNeverOverdrawsUnlessTheProgrammeAllowsDebt() {
        programme(Map.of());
        String loyaltyId = number();
        String person = member(loyaltyId);
        long before = available(loyaltyId);
        String id = active("{\"name\": \"Take\", \"trigger\": {\"api\": {}}, \"reentry\": \"always\", \"steps\":"
                + " [{\"points\": {\"deduct\": " + (before + 30) + ", \"reason\": \"Returned gift\"}}]}");
        enter(id, person);
        await(() -> stats(id).get("done").asLong() == 1, () -> "the journey ends: " + stats(id));

        assertThat(step(id, 0).get("outcomes").path("skipped").asLong()).isEqualTo(1);
        assertThat(pointsLine(person).get("detail")
                .asString()).isEqualTo("only " + before + " points available, " + (before + 30) + " to deduct");
        assertThat(available(loyaltyId)).as("the ledger untouched").isEqualTo(before);
        assertThat(journeyEntries(loyaltyId)).isEmpty();

        programme(Map.of("allowDebt", true));
        assertThat(tenant.admin().get("/api/v1/loyalty/program").json().get("allowDebt").asBoolean()).isTrue();
        enter(id, person);
        await(() -> stats(id).get("done").asLong() == 2, () -> "the second entry ends: " + stats(id));

        assertThat(step(id, 0).get("outcomes").path("done").asLong()).isEqualTo(1);
        assertThat(available(loyaltyId)).isEqualTo(-30);
        List<JsonNode> entries = journeyEntries(loyaltyId);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).get("kind").asString()).isEqualTo("adjust");
        assertThat(entries.get(0).get("points").asLong()).isEqualTo(-(before + 30));
    }

    @Test
    void someoneWhoIsNotAMemberIsSkippedWithTheReasonAndIsNotMadeOne() {
        programme(Map.of());
        String person = person("nomember@" + domain);
        String id = active(journey("[{\"points\": {\"award\": 50, \"reason\": \"Welcome\"}}]"));
        enter(id, person);
        await(() -> stats(id).get("done").asLong() == 1, () -> "the journey ends: " + stats(id));

        assertThat(step(id, 0).get("outcomes").path("skipped").asLong()).isEqualTo(1);
        assertThat(pointsLine(person).get("detail")
                .asString()).isEqualTo("not a loyalty member");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM loyalty_member WHERE tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single()).isZero();
    }

    @Test
    void heldOutPeopleGetNoPoints() {
        programme(Map.of());
        String loyaltyId = number();
        String person = member(loyaltyId);
        long before = available(loyaltyId);
        String journey = activeHoldingOut(person, "[{\"points\": {\"award\": 100,"
                + " \"reason\": \"Welcome\"}}]");
        enter(journey, person);
        await(() -> stats(journey).get("done").asLong() == 1, "the journey ends");

        assertThat(step(journey, 0).get("outcomes").path("held_out").asLong()).isEqualTo(1);
        assertThat(available(loyaltyId)).isEqualTo(before);
        assertThat(journeyEntries(loyaltyId)).isEmpty();
    }
}

package io.footbridge.console;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Journeys in the console: created from a ready-made one, problems named by step, activated, its steps listed. */
class JourneyPagesTests extends ApiTest {

    private TestTenant tenant;
    private ConsoleClient console;

    @BeforeEach
    void signedIn() {
        tenant = newTenant();
        console = new ConsoleClient(port);
        assertThat(console.login(tenant.adminEmail(), PASSWORD).statusCode()).isEqualTo(302);
    }

    @Test
    void aReadyMadeJourneyIsCreatedActivatedAndShownWithItsStepsAndABadStepIsNamed() {
        String list = console.get("/console/journeys").body();
        assertThat(list).contains("<h1>Journeys</h1>").contains("/console/journeys/new?from=review-request");
        String page = console.get("/console/journeys/new?from=review-request").body();
        assertThat(page).contains("journey.review").contains("&quot;gte&quot; : 9");
        String token = ConsoleClient.csrf(page);

        HttpResponse<String> refused = console.post("/console/journeys", token, Map.of("definition",
                "{\"name\": \"Bad\", \"trigger\": {\"api\": {}}, \"steps\": [{\"wait\": \"P1D\"},"
                        + " {\"wait\": \"P-1D\"}]}"));
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("steps[1].wait: must not be negative");
        assertThat(console.post("/console/journeys", token, Map.of("definition", "{\"name\": ")).body())
                .contains("definition: is not JSON");

        String definition = tenant.admin().get("/api/v1/journeys/ready-made").json().get("items").valueStream()
                .filter(r -> r.get("key").asString().equals("review-request")).findFirst().orElseThrow()
                .get("definition").toString();
        HttpResponse<String> created = console.post("/console/journeys", token, Map.of("definition", definition));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        String location = URI.create(created.headers().firstValue("Location").orElseThrow()).getPath();
        String shown = console.get(location).body();
        assertThat(shown).contains("<h1>Review request for promoters</h1>").contains("Draft")
                .contains("steps[0].branch.then[1].send").contains("padding-left:1.5em");
        assertThat(shown).as("the webhook secret, this once").containsPattern("webhook-secret\">[0-9a-f]{64}<");
        assertThat(console.get(location).body()).doesNotContain("webhook-secret");

        HttpResponse<String> activated = console.post(location + "/activate", token, Map.of());
        assertThat(activated.statusCode()).isEqualTo(302);
        assertThat(console.get(location).body()).contains("Active: its trigger lets people in.");
        assertThat(console.get("/console/journeys").body()).contains("Review request for promoters")
                .contains("Active");
        assertThat(console.post(location + "/archive", token, Map.of()).statusCode()).isEqualTo(302);
        assertThat(console.get(location).body()).contains("Archived").doesNotContain(">Pause<");
        assertThat(console.get("/console/journeys?lang=de").body()).contains("Archiviert");
    }

    @Test
    void pointsAJourneyGaveAreInTheMembersLedgerLinkedToTheJourneyWhoseStepsAndFlowShowTheStep() throws Exception {
        var admin = tenant.admin();
        tenant.createStore("BER-1");
        assertThat(admin.put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1, "unit", 100,
                "bonuses", Map.of("loyalty.signup", 0))).status()).isEqualTo(200);
        String loyaltyId = "P" + java.util.UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(admin.post("/api/v1/events", Map.of("eventId", "e-" + java.util.UUID.randomUUID(), "type",
                "loyalty.signup", "store", "BER-1", "occurredAt", java.time.Instant.now().minusSeconds(60).toString(),
                "identifiers", Map.of("loyaltyId", loyaltyId, "email", loyaltyId.toLowerCase() + "@example.com")))
                .status()).isEqualTo(201);
        String person = null;
        for (int i = 0; i < 300 && person == null; i++) {
            var member = admin.get("/api/v1/loyalty/members?loyaltyId=" + loyaltyId);
            person = member.status() == 200 && !member.json().path("profileId").isNull()
                    ? member.json().get("profileId").asString() : null;
            Thread.sleep(100);
        }
        assertThat(person).as("the member joins and is linked to the person").isNotNull();
        String id = admin.post("/api/v1/journeys", "{\"name\": \"Points for joining\", \"trigger\": {\"api\": {}},"
                + " \"steps\": [{\"points\": {\"award\": 40, \"reason\": \"Welcome to the club\"}}]}").json()
                .get("id").asString();
        admin.post("/api/v1/journeys/" + id + "/activate", "{}");
        assertThat(admin.post("/api/v1/journeys/" + id + "/entries", Map.of("personId", person)).status())
                .isEqualTo(201);
        for (int i = 0; i < 300 && admin.get("/api/v1/loyalty/members?loyaltyId=" + loyaltyId).json()
                .path("available").asLong() != 40; i++) {
            Thread.sleep(100);
        }

        String ledger = console.get("/console/loyalty/member?number=" + loyaltyId).body();
        assertThat(ledger).contains("href=\"/console/journeys/" + id + "\"")
                .contains("journey Points for joining · v1").contains("Welcome to the club");
        String journey = console.get("/console/journeys/" + id).body();
        assertThat(journey).contains("steps[0].points").contains("step-points").contains("done 1");
    }
}

package io.footbridge.console;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.footbridge.audiences.SegmentsTestSupport.await;
import static io.footbridge.audiences.SegmentsTestSupport.purchase;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The campaign screens: the form with its problems at their fields, the campaign page with its messages, the
 * recipients against the holdout and the lift, and the buttons that send, pause and cancel.
 */
class CampaignPagesTests extends ApiTest {

    private TestTenant tenant;
    private ConsoleClient console;
    private String run;

    @BeforeEach
    void signedIn() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        console = new ConsoleClient(port);
        run = UUID.randomUUID().toString().substring(0, 8);
        assertThat(console.login(tenant.adminEmail(), PASSWORD).statusCode()).isEqualTo(302);
        assertThat(tenant.admin().put("/api/v1/message-templates/spring/email/en", Map.of("subject", "Spring",
                "text", "Your code: {{code}}", "html", "<p>Your code: {{code}}</p>")).status()).isIn(200, 201);
    }

    @Test
    void aCampaignIsCreatedSentAndShowsTheRecipientsAgainstTheHoldoutWithTheLift() {
        var writer = anonymous.bearer(tenant.createKey("forms", null, "events:write"));
        for (int i = 0; i < 12; i++) {
            var signUp = writer.post("/api/v1/events", Map.of("eventId", UUID.randomUUID().toString(),
                    "type", "loyalty.signup", "occurredAt", Instant.now().minusSeconds(60).toString(),
                    "store", "BER-1", "identifiers", Map.of("email", email(i)),
                    "properties", Map.of("consents", List.of(Map.of("channel", "email", "purpose", "marketing",
                            "granted", true)))));
            assertThat(signUp.status()).as(signUp.toString()).isIn(200, 201, 202);
        }
        String segment = tenant.admin().post("/api/v1/segments", Map.of("name", "Members", "rule",
                Map.of("event", Map.of("type", "loyalty.signup")))).json().get("id").asString();
        await(() -> tenant.admin().get("/api/v1/segments/" + segment).json().get("size").asLong() == 12,
                Duration.ofSeconds(30), "everyone is in the segment");
        String offer = tenant.admin().post("/api/v1/offers", Map.of("name", "Spring", "type", "percent",
                "percent", 15, "currency", "EUR", "validFrom", "2026-01-01", "validUntil", "2099-01-01")).json()
                .get("id").asString();

        String page = console.get("/console/segments/campaigns/new?segment=" + segment).body();
        assertThat(page).contains("Members").contains("Spring · ").contains("type=\"datetime-local\"");
        String token = ConsoleClient.csrf(page);
        Map<String, String> form = new java.util.HashMap<>(Map.of("name", "Spring mailing", "segmentId", segment,
                "channel", "email", "fallback1", "sms", "fallback2", "", "template", "spring", "offerId", offer,
                "holdoutPercent", "50", "throttlePerMinute", "", "sendAt", ""));
        HttpResponse<String> refused = console.post("/console/segments/campaigns", token, form);
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"form-errors\"").contains("no sms version");
        form.put("fallback1", "");
        form.put("holdoutPercent", "lots");
        assertThat(console.post("/console/segments/campaigns", token, form).body())
                .contains("id=\"holdoutPercent-error\"");
        form.put("holdoutPercent", "50");
        HttpResponse<String> created = console.post("/console/segments/campaigns", token, form);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        String location = URI.create(created.headers().firstValue("Location").orElseThrow()).getPath();
        String shown = console.get(location).body();
        assertThat(shown).contains("<h1>Spring mailing</h1>").contains("Draft").contains("Send now");

        HttpResponse<String> sent = console.post(location + "/send", ConsoleClient.csrf(shown), Map.of());
        assertThat(sent.statusCode()).isEqualTo(302);
        String id = location.substring(location.lastIndexOf('/') + 1);
        for (int i = 0; i < 12; i++) {
            purchase(writer, email(i), "BER-1", 2000, 0, "coffee", Map.of());
        }
        await(() -> {
            var r = tenant.admin().get("/api/v1/campaigns/" + id + "/results").json();
            return r.get("recipients").get("buyers").asLong() + r.get("holdout").get("buyers").asLong() == 12;
        }, Duration.ofSeconds(30), "every purchase is counted");
        var results = tenant.admin().get("/api/v1/campaigns/" + id + "/results").json();
        String after = console.get(location).body();
        assertThat(after).contains("Sent").contains("data-group=\"holdout\"")
                .contains("data-reached=\"delivered\"").contains("data-group=\"recipients\"");
        if (results.get("lift") != null && !results.get("lift").isNull()) {
            assertThat(after).contains("data-lift=\"conversion\"").contains("95 % interval");
        } else {
            assertThat(after).contains("The lift shows once");
        }
        assertThat(console.get(location + "?days=30").body()).contains("In the 30 days after the send");
        assertThat(console.get(location + "?days=31").statusCode()).isEqualTo(400);
        assertThat(console.get("/console/segments/campaigns").body()).contains("Spring mailing");
        assertThat(console.get("/console/segments/campaigns?lang=de").body()).contains("<h1>Kampagnen</h1>");
        assertThat(console.get(location + "?lang=de").body()).contains("Kontrollgruppe");
        String person = tenant.admin().get("/api/v1/segments/" + segment + "/members?limit=1").json().get("items")
                .get(0).asString();
        assertThat(console.get("/console/customers/" + person).body())
                .contains("hx-get=\"/console/segments/people/" + person + "\"");
        String part = console.get("/console/segments/people/" + person + "?lang=en").body();
        assertThat(part).contains("id=\"person-audiences\"").contains("Entered the segment")
                .contains("/console/segments/" + segment).contains("Spring mailing")
                .contains("/console/segments/campaigns/" + id).contains("Campaign: ");
        assertThat(console.get("/console/segments/people/" + person + "?lang=de").body())
                .contains("Ins Segment eingetreten");
        HttpResponse<String> again = console.post(location + "/cancel", ConsoleClient.csrf(after), Map.of());
        assertThat(again.statusCode()).as("a sent campaign cannot be cancelled").isEqualTo(409);
    }

    @Test
    void aCampaignForLaterCanBeCancelledBeforeItStarts() {
        String segment = tenant.admin().post("/api/v1/segments", Map.of("name", "Anyone", "rule",
                Map.of("identifier", Map.of("type", "email")))).json().get("id").asString();
        assertThat(tenant.admin().put("/api/v1/message-templates/note/email/en", Map.of("subject", "Note",
                "text", "Hello", "html", "<p>Hello</p>")).status()).isIn(200, 201);
        String page = console.get("/console/segments/campaigns/new").body();
        HttpResponse<String> created = console.post("/console/segments/campaigns", ConsoleClient.csrf(page),
                Map.of("name", "Next week", "segmentId", segment, "channel", "email", "template", "note",
                        "offerId", "", "holdoutPercent", "0", "sendAt", java.time.LocalDate.now().plusDays(7)
                                + "T09:30"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        String location = URI.create(created.headers().firstValue("Location").orElseThrow()).getPath();
        String shown = console.get(location).body();
        assertThat(shown).contains("Scheduled").doesNotContain("Send now");
        assertThat(console.post(location + "/cancel", ConsoleClient.csrf(shown), Map.of()).statusCode())
                .isEqualTo(302);
        assertThat(console.get(location).body()).contains("Cancelled");
    }

    @Test
    void aCampaignAtEachStoresOwnClockNamesItsStoresAndRefusesATimeTheClocksSkip() {
        String segment = tenant.admin().post("/api/v1/segments", Map.of("name", "Anyone", "rule",
                Map.of("identifier", Map.of("type", "email")))).json().get("id").asString();
        assertThat(tenant.admin().put("/api/v1/message-templates/note/email/en", Map.of("subject", "Note",
                "text", "Hello", "html", "<p>Hello</p>")).status()).isIn(200, 201);
        String page = console.get("/console/segments/campaigns/new").body();
        assertThat(page).contains("name=\"sendAtClock\"").contains("name=\"stores\"")
                .contains("<option value=\"person\"");
        java.time.zone.ZoneOffsetTransition spring = java.time.ZoneId.of("Europe/Berlin").getRules()
                .nextTransition(Instant.now());
        if (!spring.isGap()) {
            spring = java.time.ZoneId.of("Europe/Berlin").getRules().nextTransition(spring.getInstant());
        }
        Map<String, String> form = new java.util.HashMap<>(Map.of("name", "Ten o'clock", "segmentId", segment,
                "channel", "email", "template", "note", "offerId", "", "holdoutPercent", "0", "sendAtClock", "local",
                "stores", "BER-1", "sendAt", spring.getDateTimeBefore().plusMinutes(30).toString()));
        HttpResponse<String> skipped = console.post("/console/segments/campaigns", ConsoleClient.csrf(page), form);
        assertThat(skipped.body()).contains("id=\"sendAt-error\"").contains("does not exist in Europe/Berlin");
        form.put("sendAt", java.time.LocalDate.now().plusDays(7) + "T10:00");
        form.put("stores", "BER-1, NOPE-1");
        assertThat(console.post("/console/segments/campaigns", ConsoleClient.csrf(page), form).body())
                .contains("id=\"stores-error\"");
        form.put("stores", "BER-1");
        HttpResponse<String> created = console.post("/console/segments/campaigns", ConsoleClient.csrf(page), form);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        String shown = console.get(URI.create(created.headers().firstValue("Location").orElseThrow()).getPath())
                .body();
        assertThat(shown).contains(java.time.LocalDate.now().plusDays(7) + " 10:00").contains("BER-1");
    }

    private String email(int i) {
        return "m" + i + "-" + run + "@example.com";
    }
}

package io.footbridge.audiences;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.footbridge.audiences.SegmentsTestSupport.await;
import static io.footbridge.audiences.SegmentsTestSupport.purchase;
import static org.assertj.core.api.Assertions.assertThat;

/** A campaign to a segment: a holdout drawn, codes issued, the gate obeyed, nobody sent twice, results with lift. */
class CampaignsApiTests extends ApiTest {

    private TestTenant tenant;
    private ApiClient admin;
    private ApiClient writer;
    private String run;

    @BeforeEach
    void setUp() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        admin = tenant.admin();
        writer = anonymous.bearer(tenant.createKey("forms", null, "events:write"));
        run = UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin.put("/api/v1/message-templates/winback/email/en", Map.of("subject", "We miss you",
                "text", "Your code: {{code}}", "html", "<p>Your code: {{code}}</p>")).status()).isIn(200, 201);
    }

    @Test
    void aSendHoldsBackItsShareIssuesACodeEachObeysTheGateAndSendsNobodyTwice() throws Exception {
        for (int i = 0; i < 20; i++) {
            signUp(email(i), i < 16);
        }
        String offer = admin.post("/api/v1/offers", Map.of("name", "15 % back", "type", "percent", "percent", 15,
                "currency", "EUR", "validFrom", "2026-01-01", "validUntil", "2099-01-01")).json().get("id").asString();
        String segment = admin.post("/api/v1/segments", Map.of("name", "Signed up", "rule",
                Map.of("event", Map.of("type", "loyalty.signup")))).json().get("id").asString();
        await(() -> admin.get("/api/v1/segments/" + segment).json().get("size").asLong() == 20,
                Duration.ofSeconds(30), "everyone is in the segment");

        var created = admin.post("/api/v1/campaigns", Map.of("name", "Win back", "segmentId", segment,
                "channel", "email", "template", "winback", "offerId", offer, "holdoutPercent", 30));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        JsonNode sent = admin.post("/api/v1/campaigns/" + id + "/send", "{}").json();

        assertThat(sent.get("recipients").asLong()).isEqualTo(20);
        long heldOut = sent.get("heldOut").asLong();
        long blocked = sent.get("blocked").asLong();
        assertThat(heldOut + sent.get("queued").asLong() + blocked).isEqualTo(20);
        assertThat(heldOut).isBetween(1L, 15L);
        JsonNode results = admin.get("/api/v1/campaigns/" + id + "/results").json();
        assertThat(results.get("messages").get("held_out").asLong()).isEqualTo(heldOut);
        // the four without consent who were not held out are blocked by the gate, with its reason
        assertThat(blocked).isLessThanOrEqualTo(4);
        if (blocked > 0) {
            assertThat(results.get("blocked").propertyNames()).isNotEmpty();
        }
        Set<String> codes = new HashSet<>();
        long mailed = 0;
        for (int i = 0; i < 20; i++) {
            if (i >= 16) {
                assertThat(mailsTo(email(i))).isEmpty();
            }
        }
        await(() -> countMailed() == sent.get("queued").asLong(), Duration.ofSeconds(20), "the mails arrive");
        for (int i = 0; i < 16; i++) {
            for (var mail : mailsTo(email(i))) {
                String text = mailPart(mail, "text/plain");
                codes.add(text.substring(text.indexOf("Your code: ") + 11).strip());
                mailed++;
            }
        }
        assertThat(codes).hasSize((int) mailed);

        JsonNode again = admin.post("/api/v1/campaigns/" + id + "/send", "{}").json();
        assertThat(again.get("heldOut").asLong()).isEqualTo(heldOut);
        Thread.sleep(1000);
        assertThat(countMailed()).isEqualTo(mailed);
    }

    @Test
    void resultsCompareTheRecipientsPurchasesWithTheHoldouts() {
        for (int i = 0; i < 20; i++) {
            signUp(email(i), true);
        }
        String segment = admin.post("/api/v1/segments", Map.of("name", "Signed up", "rule",
                Map.of("event", Map.of("type", "loyalty.signup")))).json().get("id").asString();
        await(() -> admin.get("/api/v1/segments/" + segment).json().get("size").asLong() == 20,
                Duration.ofSeconds(30), "everyone is in the segment");
        assertThat(admin.put("/api/v1/message-templates/news/email/en", Map.of("subject", "News",
                "text", "New in store", "html", "<p>New in store</p>")).status()).isIn(200, 201);
        String id = admin.post("/api/v1/campaigns", Map.of("name", "News", "segmentId", segment,
                "channel", "email", "template", "news", "holdoutPercent", 50)).json().get("id").asString();
        var sent = admin.post("/api/v1/campaigns/" + id + "/send", "{}");
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        for (int i = 0; i < 20; i++) {
            purchase(writer, email(i), "BER-1", 1000 + i, 0, "coffee", Map.of());
        }
        try {
            await(() -> {
                JsonNode r = admin.get("/api/v1/campaigns/" + id + "/results?days=7").json();
                return r.get("recipients").get("buyers").asLong() + r.get("holdout").get("buyers").asLong() == 20;
            }, Duration.ofSeconds(30), "every purchase is counted");
        } catch (AssertionError e) {
            throw new AssertionError(admin.get("/api/v1/campaigns/" + id + "/results?days=7").json() + " "
                    + admin.get("/api/v1/campaigns/" + id).json() + " " + jdbc.sql("SELECT type || ' ' || "
                    + "CAST(occurred_at AS VARCHAR(40)) || ' ' || CAST(person_id AS VARCHAR(40)) FROM segment_event "
                    + "WHERE tenant_id = :t").param("t", tenant.id()).query(String.class).list(), e);
        }

        JsonNode results = admin.get("/api/v1/campaigns/" + id + "/results?days=7").json();
        long members = results.get("recipients").get("members").asLong();
        assertThat(members + results.get("holdout").get("members").asLong()).isEqualTo(20);
        assertThat(results.get("recipients").get("buyers").asLong()).isEqualTo(members);
        JsonNode lift = results.get("lift");
        assertThat(lift.get("control").asString()).isEqualTo("holdout");
        // everyone bought: no lift in conversion
        assertThat(lift.get("groups").get(1).get("conversion").get("lift").asDouble()).isEqualTo(0.0);
    }

    @Test
    void aCampaignToAnotherTenantsSegmentOrWithBadFieldsIsRefusedNamingTheField() {
        TestTenant other = newTenant();
        String theirs = other.admin().post("/api/v1/segments", Map.of("name", "Theirs", "rule",
                Map.of("identifier", Map.of("type", "email")))).json().get("id").asString();

        var foreign = admin.post("/api/v1/campaigns", Map.of("name", "x", "segmentId", theirs, "channel", "email",
                "template", "winback"));
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.errorFields()).containsExactly("segmentId");
        var bad = admin.post("/api/v1/campaigns", Map.of("name", "x", "segmentId", theirs, "channel", "pigeon",
                "template", "winback", "holdoutPercent", 80));
        assertThat(bad.errorFields()).contains("channel", "holdoutPercent");
        var unknown = admin.post("/api/v1/campaigns", Map.of("name", "x", "colour", "red"));
        assertThat(unknown.errorFields()).containsExactly("colour");
        assertThat(admin.get("/api/v1/campaigns").json().get("items")).isEmpty();
    }

    private long countMailed() {
        long n = 0;
        for (int i = 0; i < 20; i++) {
            n += mailsTo(email(i)).size();
        }
        return n;
    }

    private String email(int i) {
        return "c" + i + "-" + run + "@example.com";
    }

    private void signUp(String email, boolean consent) {
        var response = writer.post("/api/v1/events", Map.of("eventId", UUID.randomUUID().toString(),
                "type", "loyalty.signup", "occurredAt", Instant.now().minusSeconds(60).toString(), "store", "BER-1",
                "identifiers", Map.of("email", email),
                "properties", Map.of("consents", List.of(Map.of("channel", "email", "purpose", "marketing",
                        "granted", consent)))));
        assertThat(response.status()).as(response.toString()).isIn(200, 201, 202);
    }
}

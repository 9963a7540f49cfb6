package io.footbridge.audiences;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.footbridge.audiences.SegmentsTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a campaign goes out: at its time (kept by the background scheduler), throttled, paused, resumed and cancelled,
 * by the first channel each person's consent allows, with its template and offer checked when it is created.
 */
class CampaignDeliveryTests extends ApiTest {

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
        template("news", "email", Map.of("subject", "News", "text", "New in store", "html", "<p>New in store</p>"));
    }

    @Test
    void aCampaignWithATimeIsKeptByTheSchedulerAndStartsByItselfThen() {
        String segment = segmentOfSignUps(3, "email");
        // far enough ahead that a slow creation on a busy machine still finds it in the future (else it is a draft)
        Instant at = Instant.now().plusSeconds(10);
        var created = admin.post("/api/v1/campaigns", Map.of("name", "Later", "segmentId", segment,
                "channel", "email", "template", "news", "sendAt", at.toString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.json().get("status").asString()).isEqualTo("scheduled");
        // the time is in the scheduler's table, not in this node's memory: a restart keeps it
        assertThat(jdbc.sql("SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = 'campaign-start'"
                + " AND task_instance = :id").param("id", id).query(Long.class).single()).isEqualTo(1);
        var early = admin.post("/api/v1/campaigns/" + id + "/send", "{}");
        assertThat(early.status()).isEqualTo(409);

        await(() -> admin.get("/api/v1/campaigns/" + id).json().get("status").asString().equals("sent"),
                Duration.ofSeconds(40), "the campaign starts at its time");
        assertThat(Instant.parse(admin.get("/api/v1/campaigns/" + id).json().get("sentAt").asString()))
                .isAfterOrEqualTo(at.minusMillis(1));
        assertThat(admin.get("/api/v1/campaigns/" + id + "/results").json().get("channels").get("email").asLong())
                .isEqualTo(3);
    }

    @Test
    void aThrottledCampaignSendsAtMostItsShareAMinuteAndCanBePausedResumedAndCancelled() throws Exception {
        String segment = segmentOfSignUps(8, "email");
        String id = admin.post("/api/v1/campaigns", Map.of("name", "Slow", "segmentId", segment,
                "channel", "email", "template", "news", "throttlePerMinute", 3)).json().get("id").asString();
        JsonNode sent = admin.post("/api/v1/campaigns/" + id + "/send", "{}").json();
        assertThat(sent.get("recipients").asLong()).isEqualTo(8);
        await(() -> handed(id) == 3, Duration.ofSeconds(20), "the first minute's three are handed over");
        Thread.sleep(3000);
        assertThat(handed(id)).as("the throttle holds the rest").isEqualTo(3);
        assertThat(status(id)).isEqualTo("sending");

        assertThat(admin.post("/api/v1/campaigns/" + id + "/pause", "{}").json().get("status").asString())
                .isEqualTo("paused");
        assertThat(admin.post("/api/v1/campaigns/" + id + "/send", "{}").status()).isEqualTo(409);
        assertThat(admin.post("/api/v1/campaigns/" + id + "/pause", "{}").status()).isEqualTo(409);
        assertThat(admin.post("/api/v1/campaigns/" + id + "/resume", "{}").json().get("status").asString())
                .isEqualTo("sending");
        JsonNode cancelled = admin.post("/api/v1/campaigns/" + id + "/cancel", "{}").json();
        assertThat(cancelled.get("status").asString()).isEqualTo("cancelled");
        JsonNode messages = admin.get("/api/v1/campaigns/" + id + "/results").json().get("messages");
        assertThat(messages.get("cancelled").asLong()).isEqualTo(5);
        assertThat(messages.has("pending")).isFalse();
        Thread.sleep(2500);
        assertThat(handed(id)).as("nobody still waiting gets a message").isEqualTo(3);
        assertThat(admin.post("/api/v1/campaigns/" + id + "/resume", "{}").status()).isEqualTo(409);
    }

    @Test
    void aCampaignThatCannotBeDeliveredDoesNotHoldUpTheOthers() {
        String segment = segmentOfSignUps(2, "email");
        // a campaign written by a later version with a channel this one does not know, started first
        String stuck = admin.post("/api/v1/campaigns", Map.of("name", "Stuck", "segmentId", segment,
                "channel", "email", "template", "news", "throttlePerMinute", 100)).json().get("id").asString();
        jdbc.sql("UPDATE campaign SET channel = 'fax' WHERE id = :id").param("id", UUID.fromString(stuck)).update();
        assertThat(admin.post("/api/v1/campaigns/" + stuck + "/send", "{}").status()).isEqualTo(200);
        String fine = admin.post("/api/v1/campaigns", Map.of("name", "Fine", "segmentId", segment,
                "channel", "email", "template", "news", "throttlePerMinute", 100)).json().get("id").asString();
        try {
            assertThat(admin.post("/api/v1/campaigns/" + fine + "/send", "{}").status()).isEqualTo(200);
            await(() -> handed(fine) == 2, Duration.ofSeconds(20), "the other campaign is handed over");
            assertThat(status(fine)).isEqualTo("sent");
            assertThat(jdbc.sql("SELECT COUNT(*) FROM campaign_recipient WHERE campaign_id = :id"
                            + " AND status = 'pending'").param("id", UUID.fromString(stuck)).query(Long.class)
                    .single()).as("the stuck campaign's recipients wait, none lost").isEqualTo(2);
        } finally {
            jdbc.sql("UPDATE campaign SET status = 'cancelled' WHERE id = :id").param("id", UUID.fromString(stuck))
                    .update();
        }
    }

    @Test
    void eachPersonGetsTheFirstChannelTheirConsentAllowsAtSendTime() {
        template("news", "sms", Map.of("text", "New in store"));
        signUp("a", "email", true);
        signUp("b", "sms", true);
        signUp("c", "sms", false);
        String segment = admin.post("/api/v1/segments", Map.of("name", "Signed up", "rule",
                Map.of("event", Map.of("type", "loyalty.signup")))).json().get("id").asString();
        await(() -> admin.get("/api/v1/segments/" + segment).json().get("size").asLong() == 3,
                Duration.ofSeconds(30), "everyone is in the segment");
        var created = admin.post("/api/v1/campaigns", Map.of("name", "Either", "segmentId", segment,
                "channel", "email", "fallback", List.of("sms"), "template", "news"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("fallback").get(0).asString()).isEqualTo("sms");
        String id = created.json().get("id").asString();
        JsonNode sent = admin.post("/api/v1/campaigns/" + id + "/send", "{}").json();
        assertThat(sent.get("queued").asLong()).isEqualTo(2);
        assertThat(sent.get("blocked").asLong()).isEqualTo(1);

        JsonNode results = admin.get("/api/v1/campaigns/" + id + "/results").json();
        assertThat(results.get("channels").get("email").asLong()).isEqualTo(1);
        assertThat(results.get("channels").get("sms").asLong()).isEqualTo(1);
        assertThat(results.get("blocked").get("no_consent").asLong()).isEqualTo(1);
    }

    @Test
    void aTemplateThatCannotBeFilledInOrAForeignOfferIsRefusedAtCreationNamingTheField() {
        String segment = admin.post("/api/v1/segments", Map.of("name", "Anyone", "rule",
                Map.of("identifier", Map.of("type", "email")))).json().get("id").asString();
        String offer = offer(admin);
        String theirs = offer(newTenant().admin());

        var noSms = admin.post("/api/v1/campaigns", Map.of("name", "x", "segmentId", segment, "channel", "email",
                "fallback", List.of("sms"), "template", "news"));
        assertThat(noSms.status()).isEqualTo(400);
        assertThat(noSms.errorFields()).containsExactly("template");
        assertThat(noSms.toString()).contains("no sms version");

        var codeNotShown = admin.post("/api/v1/campaigns", Map.of("name", "x", "segmentId", segment,
                "channel", "email", "template", "news", "offerId", offer));
        assertThat(codeNotShown.errorFields()).containsExactly("template");
        assertThat(codeNotShown.toString()).contains("{{code}}");

        template("coupon", "email", Map.of("subject", "For you", "text", "Code {{code}}",
                "html", "<p>Code {{code}}</p>"));
        var noOffer = admin.post("/api/v1/campaigns", Map.of("name", "x", "segmentId", segment,
                "channel", "email", "template", "coupon"));
        assertThat(noOffer.errorFields()).containsExactly("template");
        assertThat(noOffer.toString()).contains("uses {{code}}");

        var foreign = admin.post("/api/v1/campaigns", Map.of("name", "x", "segmentId", segment,
                "channel", "email", "template", "coupon", "offerId", theirs));
        assertThat(foreign.errorFields()).containsExactly("offerId");
        var badKinds = admin.post("/api/v1/campaigns", Map.of("name", "x", "segmentId", segment,
                "channel", "email", "fallback", "sms", "template", "coupon", "throttlePerMinute", "fast"));
        assertThat(badKinds.status()).isEqualTo(400);
        assertThat(badKinds.errorFields()).containsExactly("fallback");
        var twice = admin.post("/api/v1/campaigns", Map.of("name", "x", "segmentId", segment,
                "channel", "email", "fallback", List.of("email"), "template", "coupon", "offerId", offer,
                "throttlePerMinute", 0));
        assertThat(twice.errorFields()).containsExactlyInAnyOrder("fallback", "throttlePerMinute");
        assertThat(admin.get("/api/v1/campaigns").json().get("items")).isEmpty();

        var fine = admin.post("/api/v1/campaigns", Map.of("name", "x", "segmentId", segment,
                "channel", "email", "template", "coupon", "offerId", offer));
        assertThat(fine.status()).as(fine.toString()).isEqualTo(201);
    }

    private long handed(String id) {
        JsonNode messages = admin.get("/api/v1/campaigns/" + id + "/results").json().get("messages");
        long handed = 0;
        for (String status : messages.propertyNames()) {
            if (!List.of("pending", "held_out", "cancelled").contains(status)) {
                handed += messages.get(status).asLong();
            }
        }
        return handed;
    }

    private String status(String id) {
        return admin.get("/api/v1/campaigns/" + id).json().get("status").asString();
    }

    private void template(String key, String channel, Map<String, String> parts) {
        var saved = admin.put("/api/v1/message-templates/" + key + "/" + channel + "/en", parts);
        assertThat(saved.status()).as(saved.toString()).isIn(200, 201);
    }

    private static String offer(ApiClient client) {
        return client.post("/api/v1/offers", Map.of("name", "15 % back", "type", "percent", "percent", 15,
                "currency", "EUR", "validFrom", "2026-01-01", "validUntil", "2099-01-01")).json().get("id")
                .asString();
    }

    private String segmentOfSignUps(int n, String channel) {
        for (int i = 0; i < n; i++) {
            signUp("p" + i, channel, true);
        }
        String segment = admin.post("/api/v1/segments", Map.of("name", "Signed up", "rule",
                Map.of("event", Map.of("type", "loyalty.signup")))).json().get("id").asString();
        await(() -> admin.get("/api/v1/segments/" + segment).json().get("size").asLong() == n,
                Duration.ofSeconds(30), "everyone is in the segment");
        return segment;
    }

    /** A sign-up with an email and a mobile number, and a marketing consent (or a refusal) on one channel. */
    private void signUp(String who, String channel, boolean consent) {
        int n = Math.abs((who + run).hashCode()) % 10_000_000;
        var response = writer.post("/api/v1/events", Map.of("eventId", UUID.randomUUID().toString(),
                "type", "loyalty.signup", "occurredAt", Instant.now().minusSeconds(60).toString(), "store", "BER-1",
                "identifiers", Map.of("email", who + "-" + run + "@example.com",
                        "phone", String.format("+49151%08d", n)),
                "properties", Map.of("consents", List.of(Map.of("channel", channel, "purpose", "marketing",
                        "granted", consent)))));
        assertThat(response.status()).as(response.toString()).isIn(200, 201, 202);
    }
}

package io.footbridge.feedback;

import io.footbridge.ApiClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A survey reached from a receipt: answered once, thanked with a coupon the till takes, promoters asked for a review. */
class SurveysApiTests extends FeedbackTestSupport {

    private JsonNode survey;
    private String offerId;

    @BeforeEach
    void setUp() {
        shop();
        offerId = offer("survey");
        survey = survey(offerId);
        var saved = marketer.put("/api/v1/receipts/settings", Map.of("survey", Map.of("enabled", true,
                "surveyId", survey.get("id").asString())));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    }

    /** The survey link of a receipt, as the customer finds it on the receipt page. */
    private String surveyOfReceipt(String transactionId) {
        JsonNode receipt = awaitReceipt(transactionId, r -> r.path("delivery").path("messageId").isString());
        var page = open(receipt.get("url").asString());
        String go = link(page.raw().body(), "/go/survey");
        String target = follow(absolute(go));
        assertThat(target).contains("/s/t/");
        return target;
    }

    @Test
    void aReceiptsSurveyIsAnsweredOnceAndThanksWithACouponTheTillTakes() throws Exception {
        String to = "happy@" + domain;
        String sale = ring(sale(tx(), Map.of("email", to), "email", false));
        String html = html(awaitMail(to));
        assertThat(html).as("the survey is no marketing: it comes without a grant").contains("Give feedback");
        String url = surveyOfReceipt(sale);

        var page = open(url);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw().body()).contains("How likely are you to recommend", "How friendly was our staff?",
                "To return something", "noindex").doesNotContain("name=\"contact\"");
        String secondTab = state(open(url));
        var thanks = submit(url, state(page), fields(10, "Lovely shop"));
        assertThat(thanks.status()).as(thanks.toString()).isEqualTo(200);
        String body = thanks.raw().body();
        assertThat(body).contains("Thank you!", "€5.00 off", "Write a review");
        String code = jdbc.sql("SELECT coupon_code FROM survey_response WHERE tenant_id = :t")
                .param("t", tenant.id()).query(String.class).single();
        assertThat(body).contains(code);
        assertThat(follow(absolute(link(body, "/s/review/")))).isEqualTo("https://reviews.example.com/ber-1");

        var again = submit(url, secondTab, fields(0, "changed my mind"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.raw().body()).contains("already");
        assertThat(open(url).raw().body()).contains("You have answered this survey already");
        var stored = jdbc.sql("SELECT score, nps_group, comment, answers FROM survey_response WHERE tenant_id = :t")
                .param("t", tenant.id()).query().listOfRows();
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).get("score")).isEqualTo(10);
        assertThat(stored.get(0).get("nps_group")).isEqualTo("promoter");
        assertThat((String) stored.get(0).get("answers")).contains("\"answer\":4", "\"answer\":true",
                "To buy something", "More staff on Saturdays");

        var redeemed = till.post("/api/v1/coupons/redeem", Map.of("code", code, "transactionId", tx(),
                "basket", Map.of("total", 2000, "currency", "EUR")));
        assertThat(redeemed.status()).as(redeemed.toString()).isEqualTo(200);
        JsonNode stats = marketer.get("/api/v1/offers/" + offerId + "/stats").json();
        assertThat(stats.get("byChannel").get(0).get("channel").asString()).isEqualTo("survey");
        assertThat(stats.get("byChannel").get(0).get("touchpoint").asString())
                .isEqualTo("survey:" + survey.get("code").asString());
        assertThat(stats.get("byChannel").get(0).get("redeemed").asLong()).isEqualTo(1);

        JsonNode receipt = awaitReceipt(sale, r -> true);
        assertThat(open(receipt.get("url").asString()).raw().body()).contains("Thank you for your feedback!")
                .doesNotContain("/go/survey");
        awaitResolved(tenant.id());
        String profile = tenant.admin().get("/api/v1/profiles?email=" + to.replace("@", "%40")).json()
                .get("items").get(0).get("id").asString();
        JsonNode timeline = tenant.admin().get("/api/v1/profiles/" + profile + "/timeline").json().get("items");
        assertThat(timeline.valueStream().map(e -> e.get("type").asString()).toList())
                .contains("feedback.submitted", "pos.purchase", "receipt.viewed", "receipt.cta_clicked");
    }

    @Test
    void concurrentAnswersToOneReceiptStoreOne() throws Exception {
        String sale = ring(sale(tx(), Map.of("email", "race@" + domain), "email", false));
        String url = surveyOfReceipt(sale);
        List<String> states = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            states.add(state(open(url)));
        }
        var next = new java.util.concurrent.atomic.AtomicInteger();
        var statuses = concurrently(6, () -> submit(url, states.get(next.getAndIncrement()),
                fields(3, "queue too long")).status());

        assertThat(statuses).containsOnlyOnce(200).containsOnly(200, 409);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM survey_response WHERE tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM feedback_case WHERE tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single()).as("one case, not one per copy").isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM coupon WHERE tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single()).as("one coupon").isEqualTo(1);
    }

    @Test
    void aDoubleClickedFormIsOneAnswerAndShowsTheSameThanks() {
        String url = survey.get("url").asString() + "?store=BER-1";
        var page = open(url);
        String state = state(page);
        var first = submit(url, state, fields(8, null));
        var second = submit(url, state, fields(8, null));

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.raw().body()).contains("Thank you!");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM survey_response WHERE tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT store_id FROM survey_response WHERE tenant_id = :t").param("t", tenant.id())
                .query(UUID.class).single()).isNotNull();
        assertThat(first.raw().body()).as("an open link's answer gets no coupon by default").doesNotContain("€5.00");
    }

    @Test
    void badAnswersAreSentBackWithTheReasonAndNothingIsStored() {
        String url = survey.get("url").asString();
        var page = open(url);
        assertThat(page.raw().body()).contains("name=\"contact\"");
        String state = state(page);

        var outOfRange = submit(url, state, fields(11, null));
        assertThat(outOfRange.status()).isEqualTo(400);
        assertThat(outOfRange.raw().body()).contains("Please choose a score from 0 to 10.");
        var notANumber = submit(url, state, Map.of("score", "ten", "q_found", "no"));
        assertThat(notANumber.status()).isEqualTo(400);
        var huge = submit(url, state, fields(5, "x".repeat(2345)));
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.raw().body()).contains("Your comment has 2,345 characters; please shorten it to 2,000.");
        var missing = submit(url, state, Map.of("score", "7"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.raw().body()).contains("Please answer this question.");
        var badChoice = submit(url, state, Map.of("score", "7", "q_found", "maybe", "q_visit", "9", "q_staff", "6"));
        assertThat(badChoice.status()).isEqualTo(400);
        assertThat(badChoice.raw().body()).contains("Please choose one of the options.", "Please choose from 1 to 5.");
        var badContact = submit(url, state, Map.of("score", "7", "q_found", "no", "contact", "not an address"));
        assertThat(badContact.status()).isEqualTo(400);
        assertThat(badContact.raw().body()).contains("does not look like an email address");
        var tampered = submit(url, state.substring(0, state.length() - 4) + "AAAA", fields(7, null));
        assertThat(tampered.status()).isEqualTo(400);
        var bot = submit(url, state, Map.of("score", "7", "q_found", "no", "website", "http://spam.example"));
        assertThat(bot.status()).isEqualTo(400);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM survey_response WHERE tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single()).isZero();
        assertThat(open(url.replace("/s/", "/s/t/") + "x.y").status()).as("a forged personal link").isEqualTo(400);
        assertThat(open(url + "zz").status()).isEqualTo(404);
    }

    @Test
    void aVoidedSalesSurveyIsRefusedAndAnArchivedSurveyIsClosed() {
        String sale = ring(sale(tx(), Map.of("email", "void@" + domain), "email", false));
        String url = surveyOfReceipt(sale);
        var page = open(url);
        String state = state(page);
        var voided = till.post("/api/v1/transactions", Map.of("transactionId", tx(), "type", "void",
                "originalTransactionId", sale, "store", "BER-1", "occurredAt", java.time.Instant.now().toString(),
                "currency", "EUR", "total", 1997));
        assertThat(voided.status()).as(voided.toString()).isEqualTo(201);
        awaitReceipt(sale, r -> r.get("status").asString().equals("void"));

        assertThat(open(url).status()).isEqualTo(409);
        var refused = submit(url, state, fields(9, null));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.raw().body()).contains("This purchase was cancelled");

        var archived = marketer.send(marketer.request("/api/v1/surveys/" + survey.get("id").asString())
                .header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"status\": \"archived\"}")));
        assertThat(archived.status()).as(archived.toString()).isEqualTo(200);
        assertThat(open(survey.get("url").asString()).status()).isEqualTo(410);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM survey_response WHERE tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single()).isZero();
    }

    @Test
    void surveysAreCheckedFieldByFieldAndPatchedPartly() {
        var bad = marketer.post("/api/v1/surveys", Map.of("name", "X", "questions", List.of(
                        Map.of("id", "a", "type", "single_choice", "text", "?", "options", List.of("only one")),
                        Map.of("id", "a", "type", "stars", "text", "?")),
                "rewardOfferId", UUID.randomUUID().toString(), "reviewUrl", "javascript:alert(1)",
                "storeReviewUrls", Map.of("NOPE", "https://x.example.com")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorFields()).contains("questions[0].options", "questions[1].id", "questions[1].type",
                "rewardOfferId", "reviewUrl", "storeReviewUrls.NOPE");
        String emailOnly = offer("email");
        assertThat(marketer.post("/api/v1/surveys", Map.of("name", "X", "rewardOfferId", emailOnly)).errorFields())
                .containsExactly("rewardOfferId");

        String id = survey.get("id").asString();
        var patched = marketer.send(marketer.request("/api/v1/surveys/" + id).header("Content-Type",
                "application/json").method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"title\": \"Wie war's?\", \"rewardOfferId\": null}")));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("title").asString()).isEqualTo("Wie war's?");
        assertThat(patched.json().get("rewardOfferId").isNull()).isTrue();
        assertThat(patched.json().get("questions")).hasSize(4);
        var unknownField = marketer.send(marketer.request("/api/v1/surveys/" + id).header("Content-Type",
                "application/json").method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"colour\": \"red\"}")));
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.errorFields()).containsExactly("colour");

        ApiClient manager = tenant.createUser("store_manager", "BER-1");
        assertThat(manager.post("/api/v1/surveys", Map.of("name", "mine")).status()).isEqualTo(403);
        TestTenant other = newTenant();
        assertThat(other.admin().get("/api/v1/surveys/" + id).status()).isEqualTo(404);
        assertThat(other.admin().get("/api/v1/surveys").json().get("items")).isEmpty();
    }

    @Test
    void anInvitationByMessageNeedsPermissionAndItsLinkIsAnsweredOnce() throws Exception {
        String id = survey.get("id").asString();
        String to = "invited@" + domain;
        var refused = marketer.post("/api/v1/surveys/" + id + "/invitations", Map.of("to", to, "channel", "email",
                "store", "BER-1"));
        assertThat(refused.status()).as("asking for feedback is marketing unless said otherwise").isEqualTo(422);
        assertThat(refused.json().get("reason").asString()).isEqualTo("no_consent");
        assertThat(marketer.post("/api/v1/surveys/" + id + "/invitations", Map.of("to", to, "channel", "pigeon"))
                .errorFields()).containsExactly("channel");

        var invited = marketer.post("/api/v1/surveys/" + id + "/invitations", Map.of("to", to, "channel", "email",
                "store", "BER-1", "purpose", "service", "idempotencyKey", "visit-77"));
        assertThat(invited.status()).as(invited.toString()).isEqualTo(202);
        var again = marketer.post("/api/v1/surveys/" + id + "/invitations", Map.of("to", to, "channel", "email",
                "store", "BER-1", "purpose", "service", "idempotencyKey", "visit-77"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("url").asString()).isEqualTo(invited.json().get("url").asString());
        String html = html(awaitMail(to));
        assertThat(html).contains("Give feedback");
        sleep(300);
        assertThat(mailsTo(to)).as("one invitation for one key").hasSize(1);

        String url = invited.json().get("url").asString();
        var page = open(url);
        String second = state(open(url));
        assertThat(submit(url, state(page), fields(9, null)).status()).isEqualTo(200);
        assertThat(submit(url, second, fields(9, null)).status()).isEqualTo(409);
        assertThat(jdbc.sql("SELECT source FROM survey_response WHERE tenant_id = :t").param("t", tenant.id())
                .query(String.class).single()).isEqualTo("message");
        assertThat(jdbc.sql("SELECT coupon_code FROM survey_response WHERE tenant_id = :t").param("t", tenant.id())
                .query(String.class).single()).as("an invited answer is thanked").isNotNull();
    }
}

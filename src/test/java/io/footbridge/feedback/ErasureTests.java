package io.footbridge.feedback;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Erasing a person removes them from their receipts, answers and cases, and keeps every count. */
class ErasureTests extends FeedbackTestSupport {

    @BeforeEach
    void setUp() {
        shop();
        JsonNode survey = survey(null);
        marketer.put("/api/v1/receipts/settings", Map.of("survey", Map.of("enabled", true,
                "surveyId", survey.get("id").asString())));
    }

    @Test
    void erasureTakesThePersonOutOfReceiptsAnswersAndCasesAndKeepsTheFigures() throws Exception {
        String to = "forget.me@" + domain;
        String sale = ring(sale(tx(), Map.of("email", to, "loyaltyId", "L-" + System.nanoTime()), "email", false));
        awaitMail(to);
        JsonNode receipt = awaitReceipt(sale, r -> r.path("delivery").path("status").asString().equals("sent"));
        String page = receipt.get("url").asString();
        String survey = follow(absolute(link(open(page).raw().body(), "/go/survey")));
        var thanks = answer(survey, fields(1, "The cashier was rude to me, Lena Fischer"));
        String statusPage = link(thanks.raw().body(), "/case/");
        JsonNode opened = tenant.admin().get("/api/v1/cases").json().get("items").get(0);
        tenant.admin().post("/api/v1/cases/" + opened.get("id").asString() + "/notes",
                Map.of("text", "Lena called again on Tuesday"));
        awaitResolved(tenant.id());
        String profile = tenant.admin().get("/api/v1/profiles?email=" + to.replace("@", "%40")).json()
                .get("items").get(0).get("id").asString();

        JsonNode export = tenant.admin().get("/api/v1/profiles/" + profile + "/export").json().get("data");
        assertThat(export.get("receipts").get(0).get("sentTo").asString()).isEqualTo(to);
        assertThat(export.get("feedback").get(0).get("comment").asString()).contains("rude");
        assertThat(export.get("cases").get(0).get("description").asString()).contains("rude");

        var erased = tenant.admin().delete("/api/v1/profiles/" + profile);
        assertThat(erased.status()).as(erased.toString()).isEqualTo(200);

        assertThat(open(page).status()).as("the receipt page is gone").isEqualTo(404);
        assertThat(open(statusPage).status()).as("the case's status page is gone").isEqualTo(404);
        var receiptRow = jdbc.sql("""
                        SELECT token, address, email, loyalty_id, identifiers, total, views, erased_at FROM receipt
                        WHERE tenant_id = :t""").param("t", tenant.id()).query().singleRow();
        assertThat(receiptRow.get("token")).isNull();
        assertThat(receiptRow.get("address")).isNull();
        assertThat(receiptRow.get("email")).isNull();
        assertThat(receiptRow.get("loyalty_id")).isNull();
        assertThat(receiptRow.get("identifiers")).isNull();
        assertThat(((Number) receiptRow.get("total")).longValue()).isEqualTo(1997);
        assertThat(((Number) receiptRow.get("views")).intValue()).isEqualTo(1);
        assertThat(receiptRow.get("erased_at")).isNotNull();
        var answer = jdbc.sql("SELECT score, comment, answers, email, identifiers, profile_id FROM survey_response"
                + " WHERE tenant_id = :t").param("t", tenant.id()).query().singleRow();
        assertThat(answer.get("score")).isEqualTo(1);
        assertThat(answer.get("comment")).isNull();
        assertThat(answer.get("email")).isNull();
        assertThat(answer.get("identifiers")).isNull();
        assertThat(answer.get("profile_id")).isNull();
        assertThat((String) answer.get("answers")).as("the choices stay, the words go").contains("\"answer\":4")
                .doesNotContain("Saturdays");
        JsonNode kase = tenant.admin().get("/api/v1/cases/" + opened.get("id").asString()).json();
        assertThat(kase.has("description")).isFalse();
        assertThat(kase.has("customer")).isFalse();
        assertThat(kase.has("statusUrl")).isFalse();
        assertThat(kase.get("score").asInt()).isEqualTo(1);
        assertThat(kase.get("erasedAt").isString()).isTrue();
        assertThat(kase.get("notes").get(0).has("text")).as("staff's words about her go too").isFalse();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM capture_event WHERE tenant_id = :t AND properties LIKE '%rude%'")
                .param("t", tenant.id()).query(Long.class).single()).isZero();

        JsonNode nps = marketer.get("/api/v1/feedback/nps?period=all").json();
        assertThat(nps.get("total").get("responses").asLong()).isEqualTo(1);
        assertThat(nps.get("total").get("detractors").asLong()).isEqualTo(1);
        JsonNode stats = marketer.get("/api/v1/receipts/stats").json();
        assertThat(stats.get("receipts").asLong()).isEqualTo(1);
        assertThat(stats.get("page").get("views").asLong()).isEqualTo(1);
        assertThat(stats.get("ctas").get(0).get("clicked").asLong()).isEqualTo(1);
        var changed = tenant.admin().send(tenant.admin().request("/api/v1/cases/" + opened.get("id").asString())
                .header("Content-Type", "application/json").method("PATCH",
                        java.net.http.HttpRequest.BodyPublishers.ofString("{\"status\": \"resolved\"}")));
        assertThat(changed.status()).as("nobody left to tell").isEqualTo(409);
        assertThat(tenant.admin().post("/api/v1/receipts/" + receipt.get("id").asString() + "/resend", Map.of())
                .status()).isEqualTo(409);
    }
}

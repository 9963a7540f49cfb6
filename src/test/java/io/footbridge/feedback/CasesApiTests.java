package io.footbridge.feedback;

import io.footbridge.ApiClient;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A detractor's answer opens a case for the store, worked to resolution; the customer follows it and is told. */
class CasesApiTests extends FeedbackTestSupport {

    private JsonNode survey;
    private ApiClient berlinManager;

    @BeforeEach
    void setUp() {
        shop();
        tenant.createStore("HAM-1");
        survey = survey(null);
        marketer.put("/api/v1/receipts/settings", Map.of("survey", Map.of("enabled", true,
                "surveyId", survey.get("id").asString())));
        berlinManager = tenant.createUser("store_manager", "BER-1");
    }

    private ApiClient.Response patch(ApiClient client, String path, String json) {
        return client.send(client.request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A sale's receipt, its survey answered with a low score: the case it opened. */
    private JsonNode detractor(String email) {
        String sale = ring(sale(tx(), Map.of("email", email), "email", false));
        JsonNode receipt = awaitReceipt(sale, r -> r.path("delivery").path("messageId").isString());
        String url = follow(absolute(link(open(receipt.get("url").asString()).raw().body(), "/go/survey")));
        var thanks = answer(url, fields(2, "Waited 20 minutes at the till"));
        assertThat(thanks.status()).isEqualTo(200);
        assertThat(thanks.raw().body()).contains("We are sorry", "Follow your case").doesNotContain("Write a review");
        String statusPage = link(thanks.raw().body(), "/case/");
        JsonNode cases = berlinManager.get("/api/v1/cases?status=open").json().get("items");
        assertThat(cases).hasSize(1);
        JsonNode found = cases.get(0);
        assertThat(found.get("statusUrl").asString()).isEqualTo(statusPage);
        return found;
    }

    @Test
    void aDetractorsCaseIsWorkedToResolutionAndTheCustomerIsTold() throws Exception {
        String to = "unhappy@" + domain;
        JsonNode opened = detractor(to);
        String id = opened.get("id").asString();
        assertThat(opened.get("store").asString()).isEqualTo("BER-1");
        assertThat(opened.get("score").asInt()).isEqualTo(2);
        assertThat(opened.get("description").asString()).isEqualTo("Waited 20 minutes at the till");
        assertThat(opened.get("customer").get("address").asString()).isEqualTo(to);
        String statusPage = opened.get("statusUrl").asString();
        var page = open(statusPage);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw().body()).contains(opened.get("reference").asString(), "Received – the team will look")
                .doesNotContain("Waited 20 minutes");

        String managerId = jdbc.sql("SELECT id FROM staff_user WHERE tenant_id = :t AND role = 'store_manager'")
                .param("t", tenant.id()).query(UUID.class).single().toString();
        var working = patch(berlinManager, "/api/v1/cases/" + id, "{\"status\": \"in_progress\", \"owner\": \""
                + managerId + "\"}");
        assertThat(working.status()).as(working.toString()).isEqualTo(200);
        assertThat(working.json().get("owner").get("id").asString()).isEqualTo(managerId);
        var note = berlinManager.post("/api/v1/cases/" + id + "/notes", Map.of("text", "Called her back; voucher"
                + " promised"));
        assertThat(note.status()).isEqualTo(201);
        var resolved = patch(berlinManager, "/api/v1/cases/" + id, "{\"status\": \"resolved\", \"customerMessage\":"
                + " \"We have opened a second till at busy times. Sorry for the wait!\"}");
        assertThat(resolved.status()).as(resolved.toString()).isEqualTo(200);

        List<MimeMessage> mails = awaitMails(to, 2);
        MimeMessage told = mails.stream().filter(m -> {
            try {
                return m.getSubject().contains("is resolved");
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).findFirst().orElseThrow();
        assertThat(told.getSubject()).isEqualTo("Your case " + opened.get("reference").asString() + " with "
                + "Brand " + tenant.adminEmail() + " is resolved");
        assertThat(html(told)).contains("We have opened a second till at busy times.");
        assertThat(open(statusPage).raw().body()).contains("Resolved", "We have opened a second till")
                .doesNotContain("voucher promised");

        JsonNode detail = berlinManager.get("/api/v1/cases/" + id).json();
        assertThat(detail.get("notes").get(0).get("text").asString()).contains("voucher promised");
        assertThat(detail.get("history").valueStream().map(h -> h.get("kind").asString()).toList())
                .containsExactly("opened", "status", "owner", "status", "answer", "notified");
        assertThat(detail.get("history").get(5).get("to").asString()).isEqualTo("queued");

        var reopenClosed = patch(berlinManager, "/api/v1/cases/" + id, "{\"status\": \"closed\"}");
        assertThat(reopenClosed.status()).isEqualTo(200);
        var invalid = patch(berlinManager, "/api/v1/cases/" + id, "{\"status\": \"open\"}");
        assertThat(invalid.status()).isEqualTo(409);
        assertThat(invalid.json().get("type").asString()).endsWith("/invalid-case-transition");
        assertThat(invalid.errorFields()).containsExactly("status");
        assertThat(patch(berlinManager, "/api/v1/cases/" + id, "{\"status\": \"pending\"}").status()).isEqualTo(400);
        assertThat(patch(berlinManager, "/api/v1/cases/" + id, "{\"colour\": \"red\"}").status()).isEqualTo(400);
        assertThat(berlinManager.get("/api/v1/cases/" + id).json().get("status").asString()).isEqualTo("closed");
        assertThat(mailsTo(to)).as("told once").hasSize(2);

        awaitResolved(tenant.id());
        String profile = tenant.admin().get("/api/v1/profiles?email=" + to.replace("@", "%40")).json()
                .get("items").get(0).get("id").asString();
        JsonNode timeline = tenant.admin().get("/api/v1/profiles/" + profile + "/timeline").json().get("items");
        assertThat(timeline.valueStream().map(e -> e.get("type").asString()).toList())
                .contains("case.opened", "case.resolved", "feedback.submitted");
    }

    @Test
    void storeManagersSeeAndWorkTheirStoresCasesOnly() {
        JsonNode opened = detractor("other@" + domain);
        String id = opened.get("id").asString();
        ApiClient hamburg = tenant.createUser("store_manager", "HAM-1");

        assertThat(hamburg.get("/api/v1/cases").json().get("items")).isEmpty();
        assertThat(hamburg.get("/api/v1/cases/" + id).status()).isEqualTo(404);
        assertThat(patch(hamburg, "/api/v1/cases/" + id, "{\"status\": \"in_progress\"}").status()).isEqualTo(404);
        assertThat(hamburg.post("/api/v1/cases/" + id + "/notes", Map.of("text", "x")).status()).isEqualTo(404);
        String hamburgId = jdbc.sql("""
                        SELECT u.id FROM staff_user u JOIN staff_user_store s ON s.user_id = u.id
                        JOIN store st ON st.id = s.store_id WHERE u.tenant_id = :t AND st.code = 'HAM-1'
                        """).param("t", tenant.id()).query(UUID.class).single().toString();
        var wrongOwner = patch(berlinManager, "/api/v1/cases/" + id, "{\"owner\": \"" + hamburgId + "\"}");
        assertThat(wrongOwner.status()).isEqualTo(400);
        assertThat(wrongOwner.errorFields()).containsExactly("owner");
        assertThat(patch(berlinManager, "/api/v1/cases/" + id, "{\"owner\": \"" + UUID.randomUUID() + "\"}")
                .errorFields()).containsExactly("owner");

        TestTenant other = newTenant();
        assertThat(other.admin().get("/api/v1/cases/" + id).status()).isEqualTo(404);
        assertThat(patch(other.admin(), "/api/v1/cases/" + id, "{\"status\": \"closed\"}").status()).isEqualTo(404);
        assertThat(other.admin().get("/api/v1/cases").json().get("items")).isEmpty();
        assertThat(tenant.admin().get("/api/v1/cases?store=HAM-1").json().get("items")).isEmpty();
        assertThat(tenant.admin().get("/api/v1/cases?store=BER-1").json().get("items")).hasSize(1);
        assertThat(open(opened.get("statusUrl").asString().replaceAll("/case/.*", "/case/AAAAAAAAAAAAAAAAAAAAAA"))
                .status()).isEqualTo(404);
    }

    @Test
    void staffOpenACaseForAComplaintAtTheCounter() {
        var created = berlinManager.post("/api/v1/cases", Map.of("store", "BER-1", "subject", "Broken zip",
                "description", "The jacket's zip broke after a week", "contact", Map.of("phone", "+49 151 23456789")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("customer").get("channel").asString()).isEqualTo("sms");
        assertThat(created.json().get("customer").get("address").asString()).isEqualTo("+4915123456789");
        assertThat(created.json().get("source").asString()).isEqualTo("staff");
        assertThat(berlinManager.post("/api/v1/cases", Map.of("store", "HAM-1", "subject", "x")).status())
                .isEqualTo(403);
        assertThat(berlinManager.post("/api/v1/cases", Map.of("store", "BER-1", "subject", "x",
                "contact", Map.of("email", "not-an-email"))).errorFields()).containsExactly("contact.email");
    }

    @ParameterizedTest(name = "owner {0}")
    @ValueSource(strings = {"{}", "[]", "42", "true", "\"not-an-id\""})
    void anOwnerThatIsNotAStaffIdIsNamedAndChangesNothing(String owner) {
        String id = berlinManager.post("/api/v1/cases", Map.of("store", "BER-1", "subject", "Broken zip"))
                .json().get("id").asString();

        var response = patch(berlinManager, "/api/v1/cases/" + id, "{\"status\": \"in_progress\", \"owner\": "
                + owner + "}");

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.errorFields()).containsExactly("owner");
        JsonNode unchanged = berlinManager.get("/api/v1/cases/" + id).json();
        assertThat(unchanged.get("status").asString()).isEqualTo("open");
        assertThat(unchanged.path("owner").isNull() || unchanged.path("owner").isMissingNode()).isTrue();
    }

    private static List<MimeMessage> awaitMails(String to, int count) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            List<MimeMessage> mails = mailsTo(to);
            if (mails.size() >= count) {
                return mails;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("fewer than " + count + " mails to " + to);
    }
}

package io.footbridge.console;

import io.footbridge.receipts.ReceiptsTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loyalty pages: the programme saved from its form (a wrong one refused at its field), members with their
 * balances, a member's ledger and a staff adjustment, and the points shown at the till and on the customer 360.
 */
class LoyaltyPagesTests extends ReceiptsTestSupport {

    private ConsoleClient console;

    @BeforeEach
    void signedIn() {
        shop();
        console = new ConsoleClient(port);
        assertThat(console.login(tenant.adminEmail(), PASSWORD).statusCode()).isEqualTo(302);
    }

    private long available(String loyaltyId) {
        var response = till.get("/api/v1/loyalty/members?loyaltyId=" + loyaltyId);
        return response.status() == 200 ? response.json().path("available").asLong() : -1;
    }

    @Test
    void theProgrammeIsSavedFromTheConsoleAndMembersShowTheirPointsEverywhere() throws Exception {
        String form = console.get("/console/loyalty/program").body();
        assertThat(form).contains("pointsPerUnit");
        String token = ConsoleClient.csrf(form);
        HttpResponse<String> refused = console.post("/console/loyalty/program", token, Map.of("programme",
                "{\"currency\": \"EUR\", \"pointsPerUnit\": 0, \"unit\": 100}"));
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("pointsPerUnit");
        assertThat(console.post("/console/loyalty/program", token, Map.of("programme", "{\"currency\":")).body())
                .contains("programme");
        HttpResponse<String> saved = console.post("/console/loyalty/program", token, Map.of("programme",
                "{\"currency\": \"EUR\", \"pointsPerUnit\": 1, \"unit\": 100, \"tiers\": [{\"name\": \"Silver\","
                        + " \"threshold\": 10}], \"rewards\": [{\"id\": \"bag\", \"name\": \"Tote bag\","
                        + " \"points\": 15}]}"));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);

        String loyaltyId = "C" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        ring(sale(tx(), Map.of("loyaltyId", loyaltyId), "print", false));
        long deadline = System.currentTimeMillis() + 20_000;
        while (available(loyaltyId) != 19 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(available(loyaltyId)).isEqualTo(19);

        String overview = console.get("/console/loyalty?q=" + loyaltyId.substring(0, 4)).body();
        assertThat(overview).contains(loyaltyId).contains("Silver");
        String member = console.get("/console/loyalty/member?number=" + loyaltyId).body();
        assertThat(member).contains("data-value=\"available\">19<").contains("Earned");
        String code = till.get("/api/v1/loyalty/members/" + loyaltyId + "/referral").json().path("code").asString();
        assertThat(member).as("the code to hand to friends, and why the tier changed")
                .contains("id=\"referral-code\">" + code + "<").contains("→ Silver (up)");
        java.util.regex.Matcher page = java.util.regex.Pattern.compile("id=\"member-page\" href=\"([^\"]+)\"")
                .matcher(member);
        assertThat(page.find()).as("a link to hand to the member").isTrue();
        assertThat(page.group(1)).contains("/club/").doesNotContain(loyaltyId);
        assertThat(anonymous.get(page.group(1).substring(page.group(1).indexOf("/club/"))).raw().body())
                .as("it opens the member's own page").contains(loyaltyId);
        HttpResponse<String> adjusted = console.post("/console/loyalty/member/adjust", ConsoleClient.csrf(member),
                Map.of("number", loyaltyId, "points", "-5", "reason", "damaged voucher"));
        assertThat(adjusted.statusCode()).isEqualTo(302);
        String after = console.get("/console/loyalty/member?number=" + loyaltyId).body();
        assertThat(after).contains("data-value=\"available\">14<").contains("damaged voucher");
        HttpResponse<String> tooMuch = console.post("/console/loyalty/member/adjust", ConsoleClient.csrf(after),
                Map.of("number", loyaltyId, "points", "-500", "reason", "oops"));
        assertThat(tooMuch.statusCode()).isEqualTo(200);
        assertThat(tooMuch.body()).contains("id=\"points-error\"");
        assertThat(available(loyaltyId)).isEqualTo(14);

        awaitResolved(tenant.id());
        String tillPage = console.get("/console/till?store=BER-1&q=" + loyaltyId).body();
        assertThat(tillPage).contains("Points: 14 available, 0 pending").contains("Tier: Silver");
        String profileId = till.get("/api/v1/loyalty/members?loyaltyId=" + loyaltyId).json().path("profileId")
                .asString();
        assertThat(console.get("/console/customers/" + profileId).body()).contains("Points: 14 available");
        assertThat(console.get("/console/loyalty?lang=de").body()).contains("<h1>Mitglieder und Punkte</h1>");
    }
}

package io.footbridge.console;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Offers in the console: created and changed with their rules, problems next to the field, codes as CSV. */
class OfferPagesTests extends ApiTest {

    private TestTenant tenant;
    private ConsoleClient console;

    @BeforeEach
    void signedIn() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        console = new ConsoleClient(port);
        assertThat(console.login(tenant.adminEmail(), PASSWORD).statusCode()).isEqualTo(302);
    }

    @Test
    void anOfferIsCreatedWithItsRulesInMinorUnitsAndChanged() {
        String token = ConsoleClient.csrf(console.get("/console/convert/offers/new").body());
        HttpResponse<String> created = console.post("/console/convert/offers", token, form("Spring 15", "15", "10.50"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        String location = created.headers().firstValue("Location").map(l -> java.net.URI.create(l).getPath()).orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);

        var offer = tenant.admin().get("/api/v1/offers/" + id).json();
        assertThat(offer.get("name").asString()).isEqualTo("Spring 15");
        assertThat(offer.get("percent").decimalValue()).isEqualByComparingTo("15");
        assertThat(offer.get("minBasket").asLong()).as("10.50 EUR in cents").isEqualTo(1050);
        assertThat(offer.get("stores").get(0).asString()).isEqualTo("BER-1");
        String page = console.get(location).body();
        assertThat(page).contains("Spring 15").contains("The offer was created.");

        HttpResponse<String> changed = console.post(location, ConsoleClient.csrf(page), form("Spring 20", "20", ""));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(302);
        offer = tenant.admin().get("/api/v1/offers/" + id).json();
        assertThat(offer.get("name").asString()).isEqualTo("Spring 20");
        assertThat(offer.get("percent").decimalValue()).isEqualByComparingTo("20");
        assertThat(offer.get("minBasket").asLong()).isZero();
        assertThat(console.get("/console/convert/offers").body()).contains("Spring 20");
    }

    @Test
    void aRefusedOfferComesBackWithEachProblemNextToItsField() {
        String token = ConsoleClient.csrf(console.get("/console/convert/offers/new").body());
        Map<String, String> fields = form("", "abc", "1.234");
        HttpResponse<String> refused = console.post("/console/convert/offers", token, fields);
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"percent-error\"").contains("is not a number")
                .contains("id=\"minBasket-error\"").contains("aria-invalid=\"true\"");

        fields = form("", "15", "");
        refused = console.post("/console/convert/offers", token, fields);
        assertThat(refused.body()).as("the service's own check").contains("id=\"name-error\"");
        fields = form("Too much", "150", "");
        refused = console.post("/console/convert/offers", token, fields);
        assertThat(refused.body()).contains("id=\"percent-error\"").contains("value=\"Too much\"");
        assertThat(tenant.admin().get("/api/v1/offers").json().get("items").size()).isZero();
    }

    @Test
    void codesForPrintDownloadAsCsvAndABadCountIsShownAtTheField() {
        String token = ConsoleClient.csrf(console.get("/console/convert/offers/new").body());
        String location = console.post("/console/convert/offers", token, form("Flyer", "10", ""))
                .headers().firstValue("Location").map(l -> java.net.URI.create(l).getPath()).orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);

        HttpResponse<String> csv = console.post(location + "/codes", token, Map.of("count", "5"));
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment");
        assertThat(csv.body().lines()).hasSize(6).first().isEqualTo("code,display_code,page_url,qr_png_url,barcode_png_url");
        String code = csv.body().lines().skip(1).findFirst().orElseThrow().split(",")[0];
        var codes = tenant.admin().get("/api/v1/offers/" + id + "/codes").json().get("items");
        assertThat(codes.size()).isEqualTo(5);
        assertThat(codes.toString()).contains(code);

        HttpResponse<String> bad = console.post(location + "/codes", token, Map.of("count", "0"));
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.body()).contains("id=\"count-error\"");
        assertThat(tenant.admin().get("/api/v1/offers/" + id + "/codes").json().get("items").size()).isEqualTo(5);
    }

    @Test
    void aStoreManagerReadsOffersButChangesNone() {
        String token = ConsoleClient.csrf(console.get("/console/convert/offers/new").body());
        String location = console.post("/console/convert/offers", token, form("Shared", "10", ""))
                .headers().firstValue("Location").map(l -> java.net.URI.create(l).getPath()).orElseThrow();
        tenant.createUser("store_manager", "BER-1");
        String managerEmail = jdbc.sql("SELECT email FROM staff_user WHERE tenant_id = :t AND role = 'store_manager'")
                .param("t", tenant.id()).query(String.class).single();
        ConsoleClient manager = new ConsoleClient(port);
        assertThat(manager.login(managerEmail, PASSWORD).statusCode()).isEqualTo(302);

        HttpResponse<String> list = manager.get("/console/convert/offers");
        if (list.statusCode() == 200) {
            assertThat(list.body()).contains("Shared").doesNotContain("/console/convert/offers/new");
        } else {
            assertThat(list.statusCode()).isEqualTo(403);
        }
        assertThat(manager.get("/console/convert/offers/new").statusCode()).isEqualTo(403);
        String mine = ConsoleClient.csrf(manager.get("/").body());
        assertThat(manager.post(location + "/archive", mine, Map.of()).statusCode()).isEqualTo(403);
        assertThat(tenant.admin().get(location.replace("/console/convert", "/api/v1")).json().get("status")
                .asString()).isEqualTo("active");
    }

    @Test
    void anOfferIsKeptForLoyaltyTiersAndAnUnknownTierIsShownAtTheField() {
        assertThat(tenant.admin().put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1,
                "unit", 100, "tiers", java.util.List.of(Map.of("name", "Silver", "threshold", 100),
                        Map.of("name", "Gold", "threshold", 500)))).status()).isEqualTo(200);
        String blank = console.get("/console/convert/offers/new").body();
        assertThat(blank).as("the form names the programme's tiers").contains("the programme has: Silver, Gold");
        String token = ConsoleClient.csrf(blank);
        Map<String, String> fields = form("Gold night", "25", "");
        fields.put("tiers", "Gold, Platinum");
        HttpResponse<String> refused = console.post("/console/convert/offers", token, fields);
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"tiers-error\"").contains("is not a tier of the loyalty programme");
        assertThat(tenant.admin().get("/api/v1/offers").json().get("items").size()).isZero();

        fields.put("tiers", "Gold");
        HttpResponse<String> created = console.post("/console/convert/offers", token, fields);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        String location = created.headers().firstValue("Location").map(l -> java.net.URI.create(l).getPath())
                .orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        assertThat(tenant.admin().get("/api/v1/offers/" + id).json().get("tiers").toString())
                .isEqualTo("[\"Gold\"]");
        assertThat(console.get(location).body()).contains("data-value=\"tiers\">Gold<");
        assertThat(console.get(location + "/edit").body()).as("the form shows them to change")
                .contains("name=\"tiers\" value=\"Gold\"");
    }

    @Test
    void theConvertPagesSpeakGerman() {
        assertThat(console.get("/console/convert/offers?lang=de").body()).contains("<h1>Angebote</h1>")
                .contains("Neues Angebot");
        assertThat(console.get("/console/convert").body()).contains("Service-Posteingang").contains("Fälle")
                .contains("Umfragen und NPS");
        assertThat(console.get("/console/convert/cases/board").body()).contains("Wartet auf Kunden");
    }

    private static Map<String, String> form(String name, String percent, String minBasket) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("type", "percent");
        form.put("percent", percent);
        form.put("currency", "EUR");
        form.put("minBasket", minBasket);
        form.put("validFrom", LocalDate.now().minusDays(1).toString());
        form.put("validUntil", LocalDate.now().plusDays(30).toString());
        form.put("stores", "BER-1");
        return form;
    }
}

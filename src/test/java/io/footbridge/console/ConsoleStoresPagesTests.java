package io.footbridge.console;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The stores section and the till over HTTP, as a store manager: their store only, and each action once. */
class ConsoleStoresPagesTests extends ApiTest {

    private static final Pattern STATE = Pattern.compile("name=\"state\" value=\"([^\"]+)\"");

    private TestTenant tenant;
    private ConsoleClient berlinManager;
    private String hamburgPlacement;
    private String hamburgEvent;

    @BeforeEach
    void twoStoresAndABerlinManager() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        tenant.createStore("HAM-1");
        var placement = tenant.admin().post("/api/v1/placements", Map.of("store", "HAM-1", "kind", "poster",
                "label", "Hamburg harbour poster", "destination", "https://shop.example.com/ham"));
        assertThat(placement.status()).as(placement.toString()).isEqualTo(201);
        hamburgPlacement = placement.json().get("id").asString();
        hamburgEvent = event("HAM-1", "ham-tasting").get("id").asString();
        String email = "manager-" + UUID.randomUUID() + "@brand.test";
        assertThat(tenant.admin().post("/api/v1/users", Map.of("email", email, "name", "Manager",
                "role", "store_manager", "password", PASSWORD, "storeCodes", java.util.List.of("BER-1")))
                .status()).isEqualTo(201);
        berlinManager = new ConsoleClient(port);
        assertThat(berlinManager.login(email, PASSWORD).statusCode()).isEqualTo(302);
    }

    @Test
    void aStoreManagerSeesNeitherAnotherStoresCodesNorItsEvents() {
        HttpResponse<String> list = berlinManager.get("/console/stores/placements");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain("Hamburg harbour poster");
        assertThat(berlinManager.get("/console/stores/placements/" + hamburgPlacement).statusCode()).isEqualTo(404);
        assertThat(berlinManager.get("/console/stores/placements/" + hamburgPlacement + "/qr.png").statusCode())
                .isEqualTo(404);
        assertThat(berlinManager.get("/console/stores/placements?store=HAM-1").statusCode()).isEqualTo(403);
        assertThat(berlinManager.get("/console/stores/events/" + hamburgEvent).statusCode()).isEqualTo(404);
        assertThat(berlinManager.get("/console/stores/forms").body()).doesNotContain("ham-tasting");

        HttpResponse<String> created = berlinManager.post("/console/stores/placements",
                ConsoleClient.csrf(list.body()), Map.of("placeStore", "HAM-1", "kind", "shelf", "label", "Sneaky",
                        "destination", "https://shop.example.com/"));
        assertThat(created.body()).as("a code for another store is refused").contains("not bound to this store");
        assertThat(tenant.admin().get("/api/v1/placements").json().get("items").size()).isEqualTo(1);
    }

    @Test
    void aTicketIsCheckedInAtTheTillOnceAndShowsOnTheEventsCheckInList() {
        var event = event("BER-1", "ber-tasting");
        String code = event.get("code").asString();
        var form = anonymous.get("/e/" + code);
        Matcher state = STATE.matcher(form.raw().body());
        assertThat(state.find()).isTrue();
        String body = Map.of("state", state.group(1), "firstName", "Anna", "email", "anna@example.com", "seats", "1")
                .entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                        StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        var registered = anonymous.send(anonymous.request("/e/" + code)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(registered.status()).isEqualTo(303);
        String ticket = registered.header("Location");

        String till = berlinManager.get("/console/till").body();
        HttpResponse<String> first = berlinManager.post("/console/till/ticket", ConsoleClient.csrf(till),
                Map.of("ticket", "https://go.example.com" + ticket));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("Checked in: Anna, 1 seat(s), Tasting");
        HttpResponse<String> again = berlinManager.post("/console/till/ticket", ConsoleClient.csrf(till),
                Map.of("ticket", ticket));
        assertThat(again.body()).contains("id=\"ticket-error\"").contains("was checked in at");

        String list = berlinManager.get("/console/stores/events/" + event.get("id").asString()).body();
        assertThat(list).contains("Anna").contains("1 / 20").doesNotContain("anna@example.com");
    }

    @Test
    void anEventIsKeptForLoyaltyTiersFromTheConsoleAndAnUnknownTierIsShownAtTheField() {
        assertThat(tenant.admin().put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1,
                "unit", 100, "tiers", java.util.List.of(Map.of("name", "Silver", "threshold", 100),
                        Map.of("name", "Gold", "threshold", 500)))).status()).isEqualTo(200);
        ConsoleClient admin = new ConsoleClient(port);
        assertThat(admin.login(tenant.adminEmail(), PASSWORD).statusCode()).isEqualTo(302);
        String page = admin.get("/console/stores/forms").body();
        assertThat(page).contains("the programme has: Silver, Gold");
        String token = ConsoleClient.csrf(page);
        Map<String, String> form = new java.util.LinkedHashMap<>(Map.of("eventStore", "BER-1", "eventCode",
                "gold-" + UUID.randomUUID().toString().substring(0, 6), "title", "Gold tasting",
                "startsAt", "2030-05-01T18:00", "endsAt", "2030-05-01T20:00", "capacity", "12"));
        form.put("tiers", "Platinum");
        HttpResponse<String> refused = admin.post("/console/stores/events", token, form);
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"tiers-error\"").contains("is not a tier of the loyalty programme");

        form.put("tiers", "Gold");
        HttpResponse<String> created = admin.post("/console/stores/events", token, form);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        String location = created.headers().firstValue("Location").map(l -> java.net.URI.create(l).getPath())
                .orElseThrow();
        assertThat(admin.get(location).body()).contains("data-value=\"tiers\">Gold<");
        String id = location.substring(location.lastIndexOf('/') + 1);
        assertThat(tenant.admin().get("/api/v1/listed-events/" + id).json().get("tiers").toString())
                .isEqualTo("[\"Gold\"]");
    }

    @Test
    void aNewAccessPointsPortalUrlIsShownOnceOnly() {
        String page = berlinManager.get("/console/stores/wifi").body();
        HttpResponse<String> added = berlinManager.post("/console/stores/wifi/access-points",
                ConsoleClient.csrf(page), Map.of("vendor", "meraki", "node", "AA-BB-CC-00-11-22", "apStore", "BER-1",
                        "label", "Front door"));
        assertThat(added.statusCode()).isEqualTo(302);
        String shown = berlinManager.get("/console/stores/wifi").body();
        Matcher url = Pattern.compile("id=\"portal-url\">([^<]+)<").matcher(shown);
        assertThat(url.find()).as(shown).isTrue();
        assertThat(url.group(1)).matches(".*/wifi/meraki/[0-9a-f]{32}");
        assertThat(shown).contains("aa:bb:cc:00:11:22");
        assertThat(berlinManager.get("/console/stores/wifi").body()).doesNotContain(url.group(1));

        HttpResponse<String> bad = berlinManager.post("/console/stores/wifi/access-points", ConsoleClient.csrf(shown),
                Map.of("vendor", "meraki", "node", "not-a-mac", "apStore", "BER-1", "label", "Back"));
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.body()).contains("id=\"node-error\"").contains("value=\"Back\"");
    }

    @Test
    void aManagerSetsTheirStoresOpeningHoursAndAMistakeIsShownAtItsDay() {
        String berlin = tenant.admin().get("/api/v1/stores?limit=10").json().get("items").get(0).get("id").asString();
        String page = berlinManager.get("/console/stores/list/" + berlin).body();
        Map<String, String> form = new java.util.HashMap<>(Map.of("storeName", "Berlin", "country", "DE",
                "timeZone", "Europe/Berlin", "currency", "EUR", "hours.monday", "9:00-13:00, 14:00-19:00",
                "hours.saturday", "10:00 - 16:00"));
        HttpResponse<String> saved = berlinManager.post("/console/stores/list/" + berlin, ConsoleClient.csrf(page),
                form);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(302);
        assertThat(tenant.admin().get("/api/v1/stores/" + berlin).json().get("openingHours").toString())
                .isEqualTo("[{\"day\":\"monday\",\"opens\":\"09:00\",\"closes\":\"13:00\"},"
                        + "{\"day\":\"monday\",\"opens\":\"14:00\",\"closes\":\"19:00\"},"
                        + "{\"day\":\"saturday\",\"opens\":\"10:00\",\"closes\":\"16:00\"}]");
        assertThat(berlinManager.get("/console/stores/list/" + berlin).body())
                .contains("value=\"09:00-13:00, 14:00-19:00\"");

        form.put("hours.tuesday", "09:00-13:00, 12:00-18:00");
        form.put("hours.friday", "late");
        HttpResponse<String> refused = berlinManager.post("/console/stores/list/" + berlin,
                ConsoleClient.csrf(page), form);
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"hours.friday-error\"").contains("value=\"late\"");
        form.put("hours.friday", "");
        HttpResponse<String> overlapping = berlinManager.post("/console/stores/list/" + berlin,
                ConsoleClient.csrf(page), form);
        assertThat(overlapping.body()).contains("id=\"hours.tuesday-error\"").contains("overlaps");
        assertThat(tenant.admin().get("/api/v1/stores/" + berlin).json().get("openingHours").size())
                .as("the refused forms changed nothing").isEqualTo(3);
    }

    private tools.jackson.databind.JsonNode event(String store, String eventCode) {
        ApiClient.Response created = tenant.admin().post("/api/v1/listed-events", Map.of("store", store,
                "eventCode", eventCode, "title", "Tasting", "startsAt", Instant.now().plusSeconds(86_400).toString(),
                "endsAt", Instant.now().plusSeconds(90_000).toString(), "capacity", 20));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }
}

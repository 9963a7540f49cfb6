package io.footbridge.hosted.portal;

import io.footbridge.ApiClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class WifiPortalTests extends PortalTestSupport {

    private TestTenant tenant;
    private String nodeMac;
    private String splash;

    @BeforeEach
    void tenantWithAccessPoint() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        nodeMac = randomMac();
        var added = register(tenant, Map.of("vendor", "meraki", "node", nodeMac.toUpperCase().replace(':', '-'),
                "store", "BER-1", "label", "Sales floor"));
        assertThat(added.json().get("node").asString()).isEqualTo(nodeMac);
        assertThat(added.json().get("touchpoint").asString()).isEqualTo("wifi-ber-1");
        splash = path(added);
        assertThat(splash).matches("/wifi/meraki/[0-9a-f]{32}");
    }

    @Test
    void aGuestLogsInWithConsentsAndIsRecognisedNextTime() {
        var brand = tenant.admin().put("/api/v1/brand", Map.of("name", "Kaffeehaus Lena", "primaryColor", "#0b6e4f",
                "language", "de"));
        assertThat(brand.status()).as(brand.toString()).isEqualTo(200);
        assertThat(tenant.admin().post("/api/v1/wifi/wording", Map.of("terms", "Fair use only.",
                "marketingEmail", "Send me offers by email.", "marketingSms", "Send me offers by SMS.")).status())
                .isEqualTo(201);
        String client = randomMac();

        var page = meraki(client, "http://example.com/was-going");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.raw().body()).contains("lang=\"de\"").contains("Kaffeehaus Lena").contains("Fair use only.")
                .contains("Send me offers by SMS.").contains("Kostenloses WLAN").contains("#0b6e4f");
        assertThat(page.header("Cache-Control")).contains("no-store");

        Map<String, String> form = Map.of("state", state(page), "contact", "0151 23456789", "terms", "true",
                "marketingSms", "true");
        var login = post(form);
        assertThat(login.status()).as(login.raw().body()).isEqualTo(302);
        assertThat(login.header("Location")).as("on to the portal's own page, not where the request said")
                .startsWith(GRANT + "?continue_url=" + URLEncoder.encode("http://localhost:", StandardCharsets.UTF_8))
                .contains(URLEncoder.encode("/wifi/online?ap=", StandardCharsets.UTF_8)).endsWith("&duration=3600")
                .doesNotContain("example.com");
        assertThat(post(form).status()).as("the same form sent again").isEqualTo(302);

        List<Map<String, Object>> events = events();
        assertThat(events).as("a replayed form is one login").hasSize(1);
        assertThat((String) events.get(0).get("identifiers")).contains("\"phone\":\"0151 23456789\"")
                .contains("\"deviceId\":\"" + client + "\"");
        assertThat((String) events.get(0).get("properties")).contains("\"wordingVersion\":1")
                .contains("{\"purpose\":\"terms\",\"granted\":true,\"wordingVersion\":1}")
                .contains("{\"channel\":\"email\",\"purpose\":\"marketing\",\"granted\":false,\"wordingVersion\":1}")
                .contains("{\"channel\":\"sms\",\"purpose\":\"marketing\",\"granted\":true,\"wordingVersion\":1}")
                .contains("\"evidence\":{\"ip\":").contains("\"returning\":false");
        assertThat(events.get(0).get("touchpoint")).isEqualTo("wifi-ber-1");

        var again = meraki(client, "https://evil.example.com/phish");
        assertThat(again.status()).as("a device seen lately is not asked again").isEqualTo(302);
        assertThat(again.header("Location")).startsWith(GRANT + "?continue_url=")
                .contains(URLEncoder.encode("/wifi/online?ap=", StandardCharsets.UTF_8)).doesNotContain("evil");
        assertThat(events()).hasSize(2);
        assertThat((String) events().get(1).get("properties")).contains("\"returning\":true");
        assertThat(meraki(client, null).status()).isEqualTo(302);
        assertThat(events()).as("the phone probing again within the session is one login").hasSize(2);
    }

    @Test
    void theClubsOwnMessagesAreAskedApartOnTheChannelOfTheContactGiven() {
        var wording = tenant.admin().post("/api/v1/wifi/wording", Map.of("terms", "Fair use only.",
                "marketingEmail", "Send me offers by email.", "club", "Send me the club messages."));
        assertThat(wording.status()).as(wording.toString()).isEqualTo(201);
        assertThat(wording.json().get("club").asString()).isEqualTo("Send me the club messages.");
        var page = meraki(randomMac(), "http://example.com/was-going");
        assertThat(page.raw().body()).contains("Send me the club messages.").contains("name=\"club\"");

        var login = post(Map.of("state", state(page), "contact", "guest@example.com", "terms", "true",
                "club", "true"));
        assertThat(login.status()).as(login.raw().body()).isEqualTo(302);
        assertThat((String) events().get(0).get("properties"))
                .contains("{\"channel\":\"email\",\"purpose\":\"marketing\",\"granted\":false,\"wordingVersion\":1}")
                .contains("{\"channel\":\"email\",\"purpose\":\"loyalty\",\"granted\":true,\"wordingVersion\":1}");
    }

    @Test
    void theFormExplainsWhatIsWrongAndStoresNothingUntilItIsRight() {
        String state = state(meraki(randomMac(), null));
        assertThat(errors(Map.of("state", state, "contact", "", "terms", "true"))).containsExactly("contact");
        assertThat(errors(Map.of("state", state, "contact", "lena@", "terms", "true"))).containsExactly("contact");
        assertThat(errors(Map.of("state", state, "contact", "12", "terms", "true"))).containsExactly("contact");
        assertThat(errors(Map.of("state", state, "contact", "lena@example.com"))).containsExactly("terms");
        assertThat(errors(Map.of("state", state, "contact", "lena@example.com", "terms", "true",
                "marketingSms", "true"))).as("SMS offers to an email address").containsExactly("marketingSms");
        assertThat(errors(Map.of("state", state, "contact", "030 1234567", "terms", "true",
                "marketingSms", "true"))).as("a landline cannot take SMS").containsExactly("marketingSms");
        var kept = post(Map.of("state", state, "contact", "lena@", "terms", "true"));
        assertThat(kept.status()).isEqualTo(400);
        assertThat(kept.raw().body()).contains("value=\"lena@\"").contains("aria-invalid=\"true\"");

        assertThat(post(Map.of("state", state, "contact", "bot@example.com", "terms", "true",
                "website", "http://spam.example")).status()).as("honeypot").isEqualTo(400);
        String forged = state.substring(0, state.indexOf('.')) + "x" + state.substring(state.indexOf('.'));
        var tampered = post(Map.of("state", forged, "contact", "lena@example.com", "terms", "true"));
        assertThat(tampered.status()).isEqualTo(400);
        assertThat(tampered.raw().body()).contains("expired");
        assertThat(post(Map.of("contact", "lena@example.com", "terms", "true")).status()).isEqualTo(400);
        assertThat(post(Map.of("state", state, "contact", "x".repeat(5000), "terms", "true")).status())
                .isEqualTo(400);
        assertThat(events()).isEmpty();
    }

    @Test
    void forgedOrIncompleteVendorParametersGetAFriendlyPage() {
        var forgedGrant = anonymous.get(splash + "?base_grant_url="
                + URLEncoder.encode("https://evil.example.com/grant", StandardCharsets.UTF_8)
                + "&node_mac=" + nodeMac + "&client_mac=" + randomMac());
        assertThat(forgedGrant.status()).isEqualTo(400);
        assertThat(forgedGrant.contentType()).startsWith("text/html");
        assertThat(forgedGrant.raw().body()).contains("connecting to the store Wi-Fi");
        assertThat(anonymous.get(splash + "?base_grant_url=" + GRANT + "&node_mac=" + nodeMac).status())
                .as("no client MAC").isEqualTo(400);
        var unknown = meraki(splash, randomMac(), randomMac(), null);
        assertThat(unknown.status()).as("a node this key was not registered for").isEqualTo(404);
        assertThat(unknown.raw().body()).contains("not set up");
        assertThat(anonymous.get("/guest/s/de..fault/?id=" + randomMac() + "&ap=" + nodeMac).status()).isEqualTo(400);
    }

    @Test
    void setUpIsCheckedAndKeptPerTenant() {
        var again = tenant.admin().post("/api/v1/wifi/access-points", Map.of("vendor", "meraki", "node", nodeMac,
                "store", "BER-1", "label", "Again"));
        assertThat(again.status()).as("this tenant's own node").isEqualTo(409);
        assertThat(again.json().get("detail").asString()).contains("This tenant has registered");
        assertThat(tenant.admin().post("/api/v1/wifi/access-points", Map.of("vendor", "meraki", "node", "not-a-mac",
                "store", "BER-1", "label", "Bad")).errorFields()).containsExactly("node");
        assertThat(tenant.admin().post("/api/v1/wifi/access-points", Map.of("vendor", "cisco", "node", nodeMac,
                "store", "BER-1", "label", "Bad")).errorFields()).containsExactly("vendor");
        assertThat(tenant.admin().put("/api/v1/brand", Map.of("name", "Pale", "textColor", "#dddddd"))
                .errorFields()).containsExactly("textColor");
        assertThat(tenant.admin().put("/api/v1/brand", Map.of("name", "Pale", "primaryColor", "#fefefe"))
                .errorFields()).containsExactly("primaryColor");
        assertThat(tenant.admin().put("/api/v1/brand", Map.of("name", "Odd", "language", "tlh")).errorFields())
                .containsExactly("language");

        tenant.admin().post("/api/v1/wifi/wording", Map.of("terms", "Version one."));
        tenant.admin().post("/api/v1/wifi/wording", Map.of("terms", "Version two."));
        var wordings = tenant.admin().get("/api/v1/wifi/wording").json().get("items");
        assertThat(wordings.valueStream().map(w -> w.get("version").asInt()).toList()).containsExactly(2, 1);

        TestTenant other = newTenant();
        assertThat(other.admin().get("/api/v1/wifi/access-points").json().get("items")).isEmpty();
        String id = tenant.admin().get("/api/v1/wifi/access-points").json().get("items").get(0).get("id").asString();
        assertThat(other.admin().delete("/api/v1/wifi/access-points/" + id).status()).isEqualTo(404);
        assertThat(other.admin().get("/api/v1/wifi/wording").json().get("items")).isEmpty();
    }

    private ApiClient.Response meraki(String client, String continueUrl) {
        return meraki(splash, nodeMac, client, continueUrl);
    }

    /** The fields the form marks as wrong. */
    private List<String> errors(Map<String, String> form) {
        var response = post(form);
        assertThat(response.status()).as(response.raw().body()).isEqualTo(400);
        Matcher matcher = Pattern.compile("<li><a href=\"#([A-Za-z]+)\"").matcher(response.raw().body());
        List<String> fields = new java.util.ArrayList<>();
        while (matcher.find()) {
            fields.add(matcher.group(1));
        }
        return fields;
    }

    private List<Map<String, Object>> events() {
        return events(tenant.id());
    }
}

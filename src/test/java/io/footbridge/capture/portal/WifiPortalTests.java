package io.footbridge.capture.portal;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class WifiPortalTests extends ApiTest {

    private static final Pattern STATE = Pattern.compile("name=\"state\" value=\"([^\"]+)\"");
    private static final String GRANT = "https://n143.network-auth.com/splash/abc/grant";

    private TestTenant tenant;
    private String nodeMac;

    @BeforeEach
    void tenantWithAccessPoint() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        nodeMac = randomMac();
        var added = tenant.admin().post("/api/v1/wifi/access-points", Map.of("vendor", "meraki",
                "node", nodeMac.toUpperCase().replace(':', '-'), "store", "BER-1", "label", "Sales floor"));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        assertThat(added.json().get("node").asString()).isEqualTo(nodeMac);
        assertThat(added.json().get("touchpoint").asString()).isEqualTo("wifi-ber-1");
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
        assertThat(login.header("Location")).isEqualTo(GRANT + "?continue_url="
                + URLEncoder.encode("http://example.com/was-going", StandardCharsets.UTF_8) + "&duration=3600");
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

        var again = meraki(client, null);
        assertThat(again.status()).as("a device seen lately is not asked again").isEqualTo(302);
        assertThat(again.header("Location")).startsWith(GRANT + "?continue_url=")
                .contains(URLEncoder.encode("/wifi/online?ap=", StandardCharsets.UTF_8));
        assertThat(events()).hasSize(2);
        assertThat((String) events().get(1).get("properties")).contains("\"returning\":true");
        assertThat(meraki(client, null).status()).isEqualTo(302);
        assertThat(events()).as("the phone probing again within the session is one login").hasSize(2);
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
        var forgedGrant = anonymous.get("/wifi/meraki?base_grant_url="
                + URLEncoder.encode("https://evil.example.com/grant", StandardCharsets.UTF_8)
                + "&node_mac=" + nodeMac + "&client_mac=" + randomMac());
        assertThat(forgedGrant.status()).isEqualTo(400);
        assertThat(forgedGrant.contentType()).startsWith("text/html");
        assertThat(forgedGrant.raw().body()).contains("connecting to the store Wi-Fi");
        assertThat(anonymous.get("/wifi/meraki?base_grant_url=" + GRANT + "&node_mac=" + nodeMac).status())
                .as("no client MAC").isEqualTo(400);
        var unknown = anonymous.get("/wifi/meraki?base_grant_url=" + GRANT + "&node_mac=" + randomMac()
                + "&client_mac=" + randomMac());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.raw().body()).contains("not set up");
        assertThat(anonymous.get("/wifi/opennds?fas=%21%21not-base64").status()).isEqualTo(400);
        assertThat(anonymous.get("/wifi/opennds").status()).isEqualTo(400);
        assertThat(anonymous.get("/guest/s/de..fault/?id=" + randomMac() + "&ap=" + nodeMac).status()).isEqualTo(400);
    }

    @Test
    void anOpenNdsGatewayLetsTheGuestOnWithItsOwnToken() {
        var gateway = tenant.admin().post("/api/v1/wifi/access-points", Map.of("vendor", "opennds",
                "node", "ber-1-gw", "store", "BER-1", "label", "Back office router", "secret", "fas-key-1234"));
        assertThat(gateway.status()).as(gateway.toString()).isEqualTo(201);
        assertThat(gateway.json().get("hasSecret").asBoolean()).isTrue();
        assertThat(gateway.toString()).doesNotContain("fas-key-1234");
        String hid = "7a1b2c3d4e5f60718293a4b5c6d7e8f9";
        String client = randomMac();
        String fas = Base64.getEncoder().encodeToString(("clientip=10.1.1.20, clientmac=" + client
                + ", client_type=cpd_can, gatewayname=ber-1-gw, version=10.1.3, hid=" + hid
                + ", gatewayaddress=192.168.8.1:2050, gatewaymac=" + randomMac() + ", authdir=opennds_auth,"
                + " originurl=http%3A%2F%2Fexample.com%2F, clientif=br-lan").getBytes(StandardCharsets.UTF_8));
        var page = anonymous.get("/wifi/opennds?fas=" + URLEncoder.encode(fas, StandardCharsets.UTF_8));
        assertThat(page.status()).isEqualTo(200);
        var login = post(Map.of("state", state(page), "contact", "lena@example.com", "terms", "true"));
        assertThat(login.status()).isEqualTo(302);
        assertThat(login.header("Location")).isEqualTo("http://192.168.8.1:2050/opennds_auth/?tok="
                + Gateways.sha256(hid + "fas-key-1234") + "&redir=" + URLEncoder.encode("http://example.com/",
                StandardCharsets.UTF_8));

        assertThat(tenant.admin().post("/api/v1/wifi/access-points", Map.of("vendor", "opennds", "node", "x-gw",
                "store", "BER-1", "label", "No key")).errorFields()).containsExactly("secret");
    }

    @Test
    void setUpIsCheckedAndKeptPerTenant() {
        assertThat(tenant.admin().post("/api/v1/wifi/access-points", Map.of("vendor", "meraki", "node", nodeMac,
                "store", "BER-1", "label", "Again")).status()).isEqualTo(409);
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
        return anonymous.get("/wifi/meraki?base_grant_url=" + URLEncoder.encode(GRANT, StandardCharsets.UTF_8)
                + (continueUrl == null ? "" : "&user_continue_url=" + URLEncoder.encode(continueUrl,
                StandardCharsets.UTF_8))
                + "&node_id=123&node_mac=" + nodeMac + "&client_ip=10.0.0.7&client_mac=" + client);
    }

    private ApiClient.Response post(Map<String, String> form) {
        String body = new LinkedHashMap<>(form).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return anonymous.send(anonymous.request("/wifi/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", "Mozilla/5.0 (iPhone)").POST(HttpRequest.BodyPublishers.ofString(body)));
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
        return jdbc.sql("""
                        SELECT e.identifiers, e.properties, t.code AS touchpoint
                        FROM capture_event e JOIN touchpoint t ON t.id = e.touchpoint_id
                        WHERE e.tenant_id = :t AND e.type = 'wifi.login' ORDER BY e.seq
                        """).param("t", tenant.id()).query().listOfRows();
    }

    private static String state(ApiClient.Response page) {
        Matcher matcher = STATE.matcher(page.raw().body());
        assertThat(matcher.find()).as(page.raw().body()).isTrue();
        return matcher.group(1);
    }

    static String randomMac() {
        StringBuilder mac = new StringBuilder();
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 6; i++) {
            mac.append(i == 0 ? "" : ":").append(String.format("%02x", random.nextInt(256)));
        }
        return mac.toString();
    }
}

package io.footbridge.hosted.portal;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What the portal tests share: registering access points, arriving as a guest, sending the form. */
abstract class PortalTestSupport extends ApiTest {

    static final Pattern STATE = Pattern.compile("name=\"state\" value=\"([^\"]+)\"");
    static final String GRANT = "https://n143.network-auth.com/splash/abc/grant";

    /** Registers an access point; the answer, with its portal URL. */
    static ApiClient.Response register(TestTenant tenant, Map<String, ?> request) {
        var added = tenant.admin().post("/api/v1/wifi/access-points", request);
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        return added;
    }

    /** The path of a portal URL on this server (the answer names the host the tests reach as localhost). */
    static String path(ApiClient.Response added) {
        String url = added.json().get("portalUrl").asString();
        return url.substring(url.indexOf("/wifi/"));
    }

    ApiClient.Response meraki(String splashPath, String node, String client, String continueUrl) {
        return anonymous.get(splashPath + "?base_grant_url=" + URLEncoder.encode(GRANT, StandardCharsets.UTF_8)
                + (continueUrl == null ? "" : "&user_continue_url=" + URLEncoder.encode(continueUrl,
                StandardCharsets.UTF_8))
                + "&node_id=123&node_mac=" + node + "&client_ip=10.0.0.7&client_mac=" + client);
    }

    ApiClient.Response post(Map<String, String> form) {
        String body = new LinkedHashMap<>(form).entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return anonymous.send(anonymous.request("/wifi/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", "Mozilla/5.0 (iPhone)").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Fills in the form of a page with an email address and the terms ticked. */
    ApiClient.Response logIn(ApiClient.Response page) {
        return post(Map.of("state", state(page), "contact", "lena@example.com", "terms", "true"));
    }

    List<Map<String, Object>> events(UUID tenantId) {
        return jdbc.sql("""
                        SELECT e.identifiers, e.properties, t.code AS touchpoint
                        FROM capture_event e JOIN touchpoint t ON t.id = e.touchpoint_id
                        WHERE e.tenant_id = :t AND e.type = 'wifi.login' ORDER BY e.seq
                        """).param("t", tenantId).query().listOfRows();
    }

    static String state(ApiClient.Response page) {
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

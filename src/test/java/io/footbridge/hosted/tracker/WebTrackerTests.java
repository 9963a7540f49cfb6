package io.footbridge.hosted.tracker;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class WebTrackerTests extends ApiTest {

    private TestTenant tenant;
    private String siteKey;

    @BeforeEach
    void tenantWithSite() {
        tenant = newTenant();
        var site = tenant.admin().post("/api/v1/web/sites", Map.of("domain", "Shop.Example.com", "label", "Web shop"));
        assertThat(site.status()).as(site.toString()).isEqualTo(201);
        siteKey = site.json().get("siteKey").asString();
        assertThat(site.json().get("domain").asString()).isEqualTo("shop.example.com");
        assertThat(site.json().get("touchpoint").asString()).isEqualTo("web-shop.example.com");
        assertThat(site.json().get("snippet").asString()).contains("/t.js\" data-site=\"" + siteKey + "\"")
                .contains("<noscript>");
    }

    @Test
    void theSnippetIsServedAndPageViewsOfTheSiteAreRecordedOnce() {
        var script = anonymous.get("/t.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.contentType()).startsWith("text/javascript");
        assertThat(script.raw().body()).contains("sendBeacon").contains("globalPrivacyControl");

        String view = view("visitor-1234", "https://shop.example.com/coffee?ref=x", null, "view-00001");
        assertThat(collect(view, "https://shop.example.com").status()).isEqualTo(204);
        assertThat(collect(view, "https://shop.example.com").status()).as("a beacon sent twice").isEqualTo(204);
        assertThat(collect(view("visitor-1234", "https://www.shop.example.com/", null, "view-00002"),
                "https://www.shop.example.com").status()).as("a subdomain").isEqualTo(204);

        List<Map<String, Object>> events = events();
        assertThat(events).hasSize(2);
        assertThat((String) events.get(0).get("identifiers")).isEqualTo("{\"anonymousId\":\"visitor-1234\"}");
        assertThat((String) events.get(0).get("properties")).contains("\"url\":\"https://shop.example.com/coffee?ref=x\"")
                .contains("\"title\":\"Coffee\"");
        assertThat(events.get(0).get("touchpoint")).isEqualTo("web-shop.example.com");
    }

    @Test
    void viewsFromElsewhereOrMalformedAreRefusedAndNothingIsStored() {
        String view = view("visitor-1234", "https://shop.example.com/", null, "v-00001");
        assertThat(collect(view, "https://evil.example.net").status()).isEqualTo(403);
        assertThat(collect(view, null).status()).as("no origin, no referrer").isEqualTo(403);
        assertThat(collect(view("visitor-1234", "https://evil.example.net/", null, "v-00002"), "https://shop.example.com")
                .status()).isEqualTo(403);
        assertThat(collect(view.replace(siteKey, "nosuchsite"), "https://shop.example.com").status()).isEqualTo(403);
        assertThat(collect(view("x", "https://shop.example.com/", null, "v-00003"), "https://shop.example.com").status())
                .as("a visitor id too short").isEqualTo(403);
        assertThat(collect("{\"site\": ", "https://shop.example.com").status()).isEqualTo(400);
        assertThat(collect("{\"site\": \"" + "x".repeat(9000) + "\"}", "https://shop.example.com").status())
                .isEqualTo(400);
        assertThat(events()).isEmpty();
    }

    @Test
    void aVisitorArrivingThroughALinkJoinsTheCustomersTimeline() {
        tenant.createStore("BER-1");
        ApiClient till = anonymous.bearer(tenant.createKey("till", "BER-1", "pos"));
        assertThat(till.post("/api/v1/transactions", Map.of("transactionId", "S-" + UUID.randomUUID(),
                "store", "BER-1", "occurredAt", Instant.now().minusSeconds(3600).toString(), "currency", "EUR",
                "lines", List.of(Map.of("sku", "COF-1", "name", "Coffee", "quantity", 1, "unitPrice", 350)),
                "total", 350, "customer", Map.of("email", "lena@example.com"))).status()).isEqualTo(201);

        var link = tenant.admin().post("/api/v1/web/links", Map.of("url", "https://shop.example.com/autumn?x=1#top",
                "identifiers", Map.of("email", "lena@example.com")));
        assertThat(link.status()).as(link.toString()).isEqualTo(200);
        String url = link.json().get("url").asString();
        assertThat(url).startsWith("https://shop.example.com/autumn?x=1&fb_t=").endsWith("#top")
                .doesNotContain("lena");
        String token = url.substring(url.indexOf("fb_t=") + 5, url.indexOf('#'));

        assertThat(collect(view("anon-visitor-77", "https://shop.example.com/autumn?x=1", token, "v-00009"),
                "https://shop.example.com").status()).isEqualTo(204);
        assertThat((String) events().get(0).get("identifiers")).contains("\"anonymousId\":\"anon-visitor-77\"")
                .contains("\"email\":\"lena@example.com\"");
        awaitResolved(tenant.id());
        JsonNode profile = tenant.admin().get("/api/v1/profiles?anonymousId=anon-visitor-77").json().get("items").get(0);
        assertThat(profile.get("id").asString()).isEqualTo(tenant.admin().get("/api/v1/profiles?email="
                + "lena%40example.com").json().get("items").get(0).get("id").asString());
        List<String> types = tenant.admin().get("/api/v1/profiles/" + profile.get("id").asString() + "/timeline")
                .json().get("items").valueStream().map(e -> e.get("type").asString()).toList();
        assertThat(types).containsExactlyInAnyOrder("web.page_view", "pos.purchase");

        assertThat(tenant.admin().post("/api/v1/web/links", Map.of("url", "https://elsewhere.example.org/",
                "identifiers", Map.of("email", "lena@example.com"))).errorFields()).containsExactly("url");
        assertThat(tenant.admin().post("/api/v1/web/links", Map.of("url", "https://shop.example.com/",
                "identifiers", Map.of("name", "Lena"))).errorFields()).containsExactly("identifiers.name");
        TestTenant other = newTenant();
        assertThat(other.admin().post("/api/v1/web/sites", Map.of("domain", "shop.example.com", "label", "Same"))
                .status()).as("another tenant may track its own copy").isEqualTo(201);
        assertThat(tenant.admin().post("/api/v1/web/sites", Map.of("domain", "shop.example.com", "label", "Again"))
                .status()).isEqualTo(409);
        assertThat(tenant.admin().post("/api/v1/web/sites", Map.of("domain", "https://x/y", "label", "Bad"))
                .errorFields()).containsExactly("domain");
    }

    @Test
    void thePixelRecordsPagesWithoutScripts() {
        var pixel = anonymous.send(anonymous.request("/t/p.gif?site=" + siteKey)
                .header("Referer", "https://shop.example.com/no-js").GET());
        assertThat(pixel.status()).isEqualTo(200);
        assertThat(pixel.contentType()).isEqualTo("image/gif");
        assertThat(pixel.header("Set-Cookie")).startsWith("fb_aid=");
        assertThat((String) events().get(0).get("properties")).contains("https://shop.example.com/no-js");
        assertThat(anonymous.get("/t/p.gif?site=" + siteKey).status()).as("no referrer: nothing to record")
                .isEqualTo(200);
        assertThat(events()).hasSize(1);
    }

    private String view(String aid, String url, String link, String eid) {
        return "{\"site\": \"" + siteKey + "\", \"aid\": \"" + aid + "\", \"eid\": \"" + eid + "\", \"url\": \"" + url
                + "\", \"title\": \"Coffee\", \"referrer\": null, \"link\": " + (link == null ? "null" : "\"" + link + "\"")
                + "}";
    }

    private ApiClient.Response collect(String body, String origin) {
        HttpRequest.Builder request = anonymous.request("/t/collect").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return anonymous.send(request);
    }

    private List<Map<String, Object>> events() {
        return jdbc.sql("""
                        SELECT e.identifiers, e.properties, t.code AS touchpoint
                        FROM capture_event e JOIN touchpoint t ON t.id = e.touchpoint_id
                        WHERE e.tenant_id = :t AND e.type = 'web.page_view' ORDER BY e.seq
                        """).param("t", tenant.id()).query().listOfRows();
    }
}

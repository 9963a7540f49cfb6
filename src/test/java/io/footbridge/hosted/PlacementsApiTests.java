package io.footbridge.hosted;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import io.footbridge.Scanner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlacementsApiTests extends ApiTest {

    private TestTenant tenant;

    @BeforeEach
    void tenantWithStore() {
        tenant = newTenant();
        tenant.createStore("BER-1");
    }

    @Test
    void aScanIsRecordedAndRedirectedWithUtmAndTheDeviceIsKnownNextTime() {
        JsonNode placement = place(Map.of("store", "BER-1", "kind", "shelf", "label", "Coffee shelf",
                "destination", "https://shop.example.com/coffee?ref=shelf", "campaign", "autumn sale"));
        String code = placement.get("code").asString();
        assertThat(code).matches("[2-9a-hjkmnp-z]{7}");
        assertThat(placement.get("shortUrl").asString()).endsWith("/q/" + code);
        assertThat(placement.get("nfcUrl").asString()).endsWith("/q/" + code + "?via=nfc");

        var first = scan(code, null, "Mozilla/5.0 (iPhone)");
        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(first.headers().firstValue("Location")).contains("https://shop.example.com/coffee?ref=shelf"
                + "&utm_source=store-ber-1&utm_medium=qr&utm_campaign=autumn%20sale&utm_content=shelf-" + code);
        assertThat(first.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("fb_aid=").contains("HttpOnly").contains("SameSite=Lax");
        String visitor = cookie.substring("fb_aid=".length(), cookie.indexOf(';'));

        assertThat(scan(code, "fb_aid=" + visitor, "Mozilla/5.0 (iPhone)").statusCode()).isEqualTo(302);
        assertThat(scan(code.toUpperCase(), null, "Mozilla/5.0 (Android)").statusCode())
                .as("typed from the poster in capitals").isEqualTo(302);
        var tap = tenant.admin().send(tenant.admin().request("/q/" + code + "?via=nfc")
                .header("Cookie", "fb_aid=" + visitor).GET());
        assertThat(tap.header("Location")).contains("utm_medium=nfc");

        List<Map<String, Object>> scans = jdbc.sql("""
                        SELECT e.type, e.identifiers, e.properties, t.code AS touchpoint, s.code AS store, e.source
                        FROM capture_event e JOIN touchpoint t ON t.id = e.touchpoint_id JOIN store s ON s.id = e.store_id
                        WHERE e.tenant_id = :t ORDER BY e.seq
                        """).param("t", tenant.id()).query().listOfRows();
        assertThat(scans).hasSize(4);
        assertThat(scans).allSatisfy(row -> {
            assertThat(row.get("touchpoint")).isEqualTo("qr-" + code);
            assertThat(row.get("store")).isEqualTo("BER-1");
        });
        assertThat(scans.stream().map(row -> row.get("type")).toList())
                .containsExactly("qr.scan", "qr.scan", "qr.scan", "nfc.tap");
        assertThat((String) scans.get(0).get("properties")).contains("\"firstScan\":true")
                .contains("\"placement\":\"" + code + "\"");
        assertThat((String) scans.get(1).get("properties")).contains("\"firstScan\":false");
        assertThat((String) scans.get(1).get("identifiers")).isEqualTo((String) scans.get(0).get("identifiers"))
                .contains(visitor);
        assertThat((String) scans.get(2).get("identifiers")).as("another phone").doesNotContain(visitor);
    }

    @Test
    void theDestinationChangesWithoutReprintingAndChatPreviewsAreNotCounted() {
        JsonNode placement = place(Map.of("store", "BER-1", "kind", "poster", "label", "Window poster",
                "destination", "https://shop.example.com/summer"));
        String id = placement.get("id").asString();
        String code = placement.get("code").asString();

        var changed = tenant.admin().send(tenant.admin().request("/api/v1/placements/" + id)
                .header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"destination\": \"https://shop.example.com/autumn?utm_source=poster\", \"addUtm\": true}")));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().get("code").asString()).isEqualTo(code);
        assertThat(scan(code, null, "Mozilla/5.0").headers().firstValue("Location").orElseThrow())
                .as("the marketer's own utm_source wins").startsWith("https://shop.example.com/autumn?utm_source=poster"
                        + "&utm_medium=qr&utm_content=poster-" + code);
        assertThat(patch(id, "{\"addUtm\": false}").status()).isEqualTo(200);
        assertThat(scan(code, null, "Mozilla/5.0").headers().firstValue("Location"))
                .contains("https://shop.example.com/autumn?utm_source=poster");

        assertThat(scan(code, null, "WhatsApp/2.23.20 A").statusCode()).isEqualTo(302);
        assertThat(scan(code, null, "Mozilla/5.0 (compatible; Googlebot/2.1)").statusCode()).isEqualTo(302);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM capture_event WHERE tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single()).as("two people, two previews").isEqualTo(2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE tenant_id = :t AND action = 'placement.changed'")
                .param("t", tenant.id()).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void theQrImagesHoldTheShortLink() throws Exception {
        JsonNode placement = place(Map.of("store", "BER-1", "kind", "table_tent", "label", "Table 4",
                "destination", "https://shop.example.com/menu"));
        String id = placement.get("id").asString();
        String shortUrl = placement.get("shortUrl").asString();

        for (String ecc : List.of("L", "H")) {
            HttpResponse<byte[]> png = tenant.admin().sendBytes(tenant.admin()
                    .request("/api/v1/placements/" + id + "/qr.png?size=300&ecc=" + ecc).GET());
            assertThat(png.statusCode()).isEqualTo(200);
            assertThat(png.headers().firstValue("Content-Type")).contains("image/png");
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body()));
            assertThat(image.getWidth()).isEqualTo(300);
            assertThat(Scanner.qr(image)).isEqualTo(shortUrl);
        }
        var svg = tenant.admin().get("/api/v1/placements/" + id + "/qr.svg?ecc=Q");
        assertThat(svg.status()).isEqualTo(200);
        assertThat(svg.contentType()).startsWith("image/svg+xml");
        assertThat(svg.raw().body()).startsWith("<svg").contains("viewBox").contains("<path");

        assertThat(tenant.admin().get("/api/v1/placements/" + id + "/qr.png?size=10").errorFields())
                .containsExactly("size");
        assertThat(tenant.admin().get("/api/v1/placements/" + id + "/qr.png?ecc=X").errorFields())
                .containsExactly("ecc");

        var sheet = tenant.admin().get("/api/v1/placements/sheet?store=BER-1");
        assertThat(sheet.status()).isEqualTo(200);
        assertThat(sheet.contentType()).startsWith("text/html");
        assertThat(sheet.raw().body()).contains("Table 4").contains(placement.get("code").asString().toUpperCase())
                .contains("<svg");
    }

    @Test
    void unknownAndRetiredCodesShowAFriendlyPageAndRecordNothing() {
        var unknown = anonymous.get("/q/zzzzzzz");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("text/html");
        assertThat(unknown.raw().body()).contains("We could not find this code");
        assertThat(anonymous.get("/q/not-a-code%20at-all").status()).isEqualTo(404);

        JsonNode placement = place(Map.of("store", "BER-1", "kind", "flyer", "label", "Opening flyer",
                "destination", "https://shop.example.com/opening"));
        assertThat(tenant.admin().delete("/api/v1/placements/" + placement.get("id").asString()).status())
                .isEqualTo(204);
        var retired = anonymous.get("/q/" + placement.get("code").asString());
        assertThat(retired.status()).isEqualTo(410);
        assertThat(retired.raw().body()).contains("no longer in use");
        assertThat(patch(placement.get("id").asString(), "{\"label\": \"x\"}").status()).isEqualTo(409);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM capture_event WHERE tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single()).isZero();
    }

    @Test
    void badInputIsRefusedByFieldAndOtherTenantsPlacementsStayHidden() {
        Map<String, Object> good = Map.of("store", "BER-1", "kind", "shelf", "label", "Shelf",
                "destination", "https://shop.example.com/");
        assertThat(errors(with(good, "destination", "javascript:alert(1)"))).containsExactly("destination");
        assertThat(errors(with(good, "destination", "shop.example.com/no scheme"))).containsExactly("destination");
        assertThat(errors(with(good, "destination", "product:NOPE-1"))).containsExactly("destination");
        assertThat(errors(with(good, "store", "NOPE"))).containsExactly("store");
        assertThat(errors(with(good, "kind", "billboard"))).containsExactly("kind");
        assertThat(errors(with(good, "label", ""))).containsExactly("label");
        assertThat(errors(with(good, "destination", "https://shop.example.com/" + "x".repeat(2000))))
                .containsExactly("destination");
        assertThat(tenant.admin().post("/api/v1/placements", "{\"store\": \"BER-1\", \"kind\": ").status())
                .isEqualTo(400);

        assertThat(tenant.admin().put("/api/v1/products/BEAN-1", Map.of("name", "Espresso beans",
                "url", "https://shop.example.com/p/bean-1")).status()).isEqualTo(201);
        JsonNode product = place(with(good, "destination", "product:BEAN-1"));
        assertThat(scan(product.get("code").asString(), null, "Mozilla/5.0").headers().firstValue("Location")
                .orElseThrow()).startsWith("https://shop.example.com/p/bean-1?utm_source=store-ber-1");

        TestTenant other = newTenant();
        assertThat(other.admin().get("/api/v1/placements/" + product.get("id").asString()).status()).isEqualTo(404);
        other.createStore("HAM-1");
        ApiClient hamburg = anonymous.bearer(other.createKey("hamburg", "HAM-1", "stores:write", "stores:read"));
        assertThat(hamburg.post("/api/v1/placements", with(good, "store", "HAM-1")).status()).isEqualTo(201);
        assertThat(hamburg.post("/api/v1/placements", Map.of("kind", "packaging", "label", "Box",
                "destination", "https://shop.example.com/")).status()).as("no store: tenant-wide only").isEqualTo(403);
    }

    private JsonNode place(Map<String, Object> body) {
        var response = tenant.admin().post("/api/v1/placements", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.header("Location")).isEqualTo("/api/v1/placements/" + response.json().get("id").asString());
        return response.json();
    }

    private ApiClient.Response patch(String id, String json) {
        return tenant.admin().send(tenant.admin().request("/api/v1/placements/" + id)
                .header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(json)));
    }

    private List<String> errors(Map<String, Object> body) {
        return tenant.admin().post("/api/v1/placements", body).errorFields();
    }

    private HttpResponse<String> scan(String code, String cookie, String userAgent) {
        var request = anonymous.request("/q/" + code).header("User-Agent", userAgent).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return anonymous.send(request).raw();
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.put(field, value);
        return copy;
    }
}

package io.footbridge.platform;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.apache.catalina.Context;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser that once opened an API page keeps the staff member's Basic credentials and sends them with any
 * request, whichever site starts it. The API refuses what another site starts; API keys, which no browser holds,
 * and the hosted pages' own forms keep working.
 */
class CrossSiteTests extends ApiTest {

    private static final String CUSTOMERS = "email,first_name,consent_email_marketing\nvictim@example.com,Eve,true\n";

    @Autowired
    WebServerApplicationContext server;

    private TestTenant tenant;

    @BeforeEach
    void tenant() {
        tenant = newTenant();
    }

    private static Map<String, Object> store(String code) {
        return Map.of("code", code, "name", "Store " + code, "country", "DE", "timeZone", "Europe/Berlin",
                "currency", "EUR");
    }

    private static String json(Map<String, Object> body) {
        return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(body);
    }

    private ApiClient.Response post(ApiClient client, String path, String contentType, String body,
                                    String... headers) {
        HttpRequest.Builder request = client.request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request);
    }

    @Test
    void aRequestAnotherSiteStartsWithBrowserHeldCredentialsIsRefused() {
        var fromEvil = post(tenant.admin(), "/api/v1/stores", "application/json", json(store("EVIL-1")),
                "Origin", "https://evil.example");
        var fetchMetadata = post(tenant.admin(), "/api/v1/stores", "application/json", json(store("EVIL-2")),
                "Sec-Fetch-Site", "cross-site");
        var sameSite = post(tenant.admin(), "/api/v1/stores", "application/json", json(store("EVIL-3")),
                "Sec-Fetch-Site", "same-site", "Origin", "https://shop.localhost");

        for (var refused : java.util.List.of(fromEvil, fetchMetadata, sameSite)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.json().get("type").asString()).endsWith("/problems/cross-site-request");
        }
        assertThat(tenant.admin().get("/api/v1/stores").json().get("items")).isEmpty();

        var sameOrigin = post(tenant.admin(), "/api/v1/stores", "application/json", json(store("OWN-1")),
                "Origin", "http://localhost:" + port, "Sec-Fetch-Site", "same-origin");
        var noBrowser = post(tenant.admin(), "/api/v1/stores", "application/json", json(store("OWN-2")));
        var key = anonymous.bearer(tenant.createKey("integration", null, "admin"));
        var keyFromAPage = post(key, "/api/v1/stores", "application/json", json(store("OWN-3")),
                "Origin", "https://dashboard.example", "Sec-Fetch-Site", "cross-site");
        var read = tenant.admin().send(tenant.admin().request("/api/v1/stores").header("Sec-Fetch-Site", "cross-site")
                .GET());

        assertThat(sameOrigin.status()).as(sameOrigin.toString()).isEqualTo(201);
        assertThat(noBrowser.status()).isEqualTo(201);
        assertThat(keyFromAPage.status()).as("no browser holds an API key on its own").isEqualTo(201);
        assertThat(read.status()).as("reading changes nothing").isEqualTo(200);
    }

    @Test
    void formAndPlainTextBodiesAreRefusedWhereJsonOrCsvIsExpected() {
        var textImport = post(tenant.admin(), "/api/v1/imports/customers", "text/plain", CUSTOMERS);
        var formImport = post(tenant.admin(), "/api/v1/imports/customers", "application/x-www-form-urlencoded",
                CUSTOMERS);
        var textJson = post(tenant.admin(), "/api/v1/stores", "text/plain", json(store("TXT-1")));
        var formJson = post(tenant.admin(), "/api/v1/stores", "application/x-www-form-urlencoded",
                "code=TXT-2&name=x");
        var textResolve = post(tenant.admin(), "/api/v1/identity/resolve", "text/plain", "record_id,email\n1,a@b.c\n");

        for (var refused : java.util.List.of(textImport, formImport, textJson, formJson, textResolve)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(415);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("type").asString()).endsWith("/problems/unsupported-media-type");
        }
        assertThat(tenant.admin().get("/api/v1/imports").json().get("items")).isEmpty();
        assertThat(post(tenant.admin(), "/api/v1/imports/customers", "text/csv", CUSTOMERS).status())
                .isEqualTo(202);
    }

    /** The console will sign staff in with a session: such requests must carry the session's CSRF token. */
    @Test
    void aSessionsStateChangingRequestsNeedItsCsrfTokenWhileHostedFormsKeepWorking() {
        tenant.createStore("BER-1");
        String code = tenant.admin().post("/api/v1/signup-forms", Map.of("store", "BER-1", "title", "Join",
                "program", "club", "terms", "Points on every coffee.")).json().get("code").asString();
        String cookie = "JSESSIONID=" + newSession();

        var customerPage = anonymous.get("/f/" + code);
        var staffPage = anonymous.send(anonymous.request("/f/" + code).header("Cookie", cookie).GET());
        assertThat(customerPage.raw().body()).as("customers get no token and no session").doesNotContain("_csrf");
        assertThat(customerPage.header("Set-Cookie")).isNull();
        String token = hidden(staffPage.raw().body(), "_csrf");

        var withoutToken = post(anonymous, "/api/v1/stores", "application/json", json(store("S-1")),
                "Cookie", cookie);
        var withToken = post(anonymous, "/api/v1/stores", "application/json", json(store("S-2")),
                "Cookie", cookie, "X-CSRF-TOKEN", token);
        assertThat(withoutToken.status()).as(withoutToken.toString()).isEqualTo(403);
        assertThat(withoutToken.json().get("type").asString()).endsWith("/problems/cross-site-request");
        assertThat(withToken.status()).as("past the CSRF check, on to authentication").isEqualTo(401);

        // a hosted form posted by a browser that also holds a session still goes through
        String state = hidden(staffPage.raw().body(), "state");
        var joined = post(anonymous, "/f/" + code, "application/x-www-form-urlencoded",
                "state=" + enc(state) + "&firstName=Lena&lastName=Fischer&email=lena%40example.com&terms=true",
                "Cookie", cookie);
        assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
        assertThat(joined.raw().body()).contains("Welcome, Lena!");
    }

    /** A real servlet session, as a console login would make one. */
    private String newSession() {
        Context context = (Context) ((TomcatWebServer) server.getWebServer()).getTomcat().getHost().findChildren()[0];
        try {
            return context.getManager().createSession(null).getId();
        } catch (RuntimeException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hidden(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\"[^>]*value=\"([^\"]*)\"").matcher(html);
        if (!m.find()) {
            m = Pattern.compile("value=\"([^\"]*)\"[^>]*name=\"" + Pattern.quote(name) + "\"").matcher(html);
            assertThat(m.find()).as(name + " in " + html).isTrue();
        }
        return m.group(1);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

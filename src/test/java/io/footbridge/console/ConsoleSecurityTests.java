package io.footbridge.console;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's sign-in, session and the requests it refuses, over real HTTP as a browser sends them. */
class ConsoleSecurityTests extends ApiTest {

    @org.springframework.beans.factory.annotation.Autowired
    private org.springframework.boot.web.server.context.WebServerApplicationContext server;

    @Test
    void withoutASessionTheConsoleSendsYouToItsLoginPage() {
        ConsoleClient browser = new ConsoleClient(port);
        HttpResponse<String> home = browser.get("/");
        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(home.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        HttpResponse<String> login = browser.get("/login");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("name=\"username\"", "name=\"password\"", "name=\"_csrf\"");
        assertThat(browser.get("/console/customers").statusCode()).isEqualTo(302);
    }

    @Test
    void signingInGivesASessionCookieScriptsCannotReadAndSigningOutEndsIt() {
        TestTenant tenant = newTenant();
        ConsoleClient browser = new ConsoleClient(port);
        HttpResponse<String> login = browser.login(tenant.adminEmail(), PASSWORD);

        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/");
        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("JSESSIONID=").contains("HttpOnly").contains("SameSite=Lax"));
        HttpResponse<String> home = browser.get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains(tenant.adminEmail());

        HttpResponse<String> logout = browser.post("/logout", ConsoleClient.csrf(home.body()), Map.of());
        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(logout.headers().firstValue("Location").orElseThrow()).endsWith("/login?logout");
        assertThat(browser.get("/").statusCode()).as("signed out").isEqualTo(302);
    }

    @Test
    void aSessionLastsThirtyMinutesWithoutARequestAndThenSendsYouToTheLoginPage() throws Exception {
        TestTenant tenant = newTenant();
        ConsoleClient browser = new ConsoleClient(port);
        browser.login(tenant.adminEmail(), PASSWORD);
        assertThat(browser.get("/").statusCode()).isEqualTo(200);
        var tomcat = ((org.springframework.boot.tomcat.TomcatWebServer) server.getWebServer()).getTomcat();
        var context = (org.apache.catalina.Context) tomcat.getHost().findChildren()[0];
        org.apache.catalina.Session session = context.getManager().findSession(browser.session().getValue());
        assertThat(session.getMaxInactiveInterval()).as("the configured time-out, in seconds").isEqualTo(1800);

        // thirty idle minutes, shortened to one second
        session.setMaxInactiveInterval(1);
        Thread.sleep(1500);
        HttpResponse<String> home = browser.get("/");
        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(home.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    }

    @Test
    void aWrongPasswordIsRefusedAndTheLockOutIsTheOneTheApiUses() {
        TestTenant tenant = newTenant();
        ConsoleClient browser = new ConsoleClient(port);
        HttpResponse<String> wrong = browser.login(tenant.adminEmail(), "not-the-password");
        assertThat(wrong.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
        assertThat(browser.get("/login?error").body()).contains("The e-mail address or password is not right.")
                .contains("aria-invalid=\"true\"");
        for (int i = 0; i < 4; i++) {
            browser.login(tenant.adminEmail(), "not-the-password");
        }

        HttpResponse<String> right = browser.login(tenant.adminEmail(), PASSWORD);
        assertThat(right.headers().firstValue("Location").orElseThrow()).as("locked out after five failures")
                .endsWith("/login?locked");
        assertThat(browser.get("/login?locked").body()).contains("Too many failed sign-ins");
        assertThat(anonymous.basic(tenant.adminEmail(), PASSWORD).get("/api/v1/me").status())
                .as("the API counts the console's failures").isEqualTo(429);
    }

    @Test
    void aFormPostFromAnotherSiteIsRefusedAndChangesNothing() {
        TestTenant tenant = newTenant();
        tenant.createStore("BER-1");
        String lena = person(tenant, "lena-" + UUID.randomUUID() + "@example.com");
        String other = person(tenant, "other-" + UUID.randomUUID() + "@example.com");
        ConsoleClient browser = new ConsoleClient(port);
        browser.login(tenant.adminEmail(), PASSWORD);
        String token = ConsoleClient.csrf(browser.get("/console/customers/" + lena).body());
        String merge = "/console/customers/" + lena + "/merge";
        Map<String, String> form = Map.of("profileId", other);

        assertThat(browser.post(merge, null, form).statusCode()).as("no token").isEqualTo(403);
        assertThat(browser.post(merge, "forged-" + token.substring(7), form).statusCode()).as("a foreign token")
                .isEqualTo(403);
        assertThat(browser.post(merge, token, form, Map.of("Origin", "https://evil.example")).statusCode())
                .as("a foreign Origin with a valid token").isEqualTo(403);
        assertThat(browser.post(merge, token, form, Map.of("Sec-Fetch-Site", "cross-site")).statusCode())
                .as("the browser says it came from another site").isEqualTo(403);
        assertThat(tenant.admin().get("/api/v1/profiles/" + lena + "/merges").json().get("items").isEmpty())
                .as("nothing was merged").isTrue();

        HttpResponse<String> own = browser.post(merge, token, form, Map.of("Origin", "http://localhost:" + port,
                "Sec-Fetch-Site", "same-origin"));
        assertThat(own.statusCode()).as("the console's own form").isEqualTo(302);
        assertThat(tenant.admin().get("/api/v1/profiles/" + lena + "/merges").json().get("items")).hasSize(1);
    }

    @Test
    void anotherSiteCanNeitherSignYouInNorSignYouOut() {
        TestTenant tenant = newTenant();
        ConsoleClient forged = new ConsoleClient(port);
        HttpResponse<String> login = forged.post("/login", null, Map.of("username", tenant.adminEmail(),
                "password", PASSWORD));
        assertThat(login.statusCode()).as("a sign-in without the form's token").isEqualTo(403);
        assertThat(forged.get("/").statusCode()).as("not signed in").isEqualTo(302);

        ConsoleClient browser = new ConsoleClient(port);
        browser.login(tenant.adminEmail(), PASSWORD);
        assertThat(browser.post("/logout", null, Map.of()).statusCode()).as("a sign-out without the token")
                .isEqualTo(403);
        assertThat(browser.get("/").statusCode()).as("still signed in").isEqualTo(200);
    }

    @Test
    void theApiStaysStatelessAndIgnoresAConsoleSession() {
        TestTenant tenant = newTenant();
        var me = tenant.admin().get("/api/v1/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.raw().headers().allValues("Set-Cookie")).as("no session for the API").isEmpty();

        ConsoleClient browser = new ConsoleClient(port);
        browser.login(tenant.adminEmail(), PASSWORD);
        var withCookie = anonymous.send(anonymous.request("/api/v1/me")
                .header("Cookie", "JSESSIONID=" + browser.session().getValue()));
        assertThat(withCookie.status()).as("a session cookie is no API credential").isEqualTo(401);
    }

    /** A person the identity graph knows, from a sign-up with their email. */
    private String person(TestTenant tenant, String email) {
        var event = tenant.admin().post("/api/v1/events", Map.of("eventId", UUID.randomUUID().toString(),
                "type", "loyalty.signup", "occurredAt", Instant.now().minusSeconds(60).toString(), "store", "BER-1",
                "identifiers", Map.of("email", email), "properties", Map.of()));
        assertThat(event.status()).as(event.toString()).isEqualTo(201);
        awaitResolved(tenant.id());
        return tenant.admin().get("/api/v1/profiles?email=" + email.replace("+", "%2B")).json().get("items").get(0)
                .get("id").asString();
    }

}

package io.footbridge.browser;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The pages customers meet, in the real Chromium of the machine, at a phone's size. */
class HostedPagesBrowserTests extends ApiTest {

    private static ChromeDriver browser;

    @BeforeAll
    static void openBrowser() {
        browser = Chromium.open(Chromium.PHONE);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aGuestGetsOnlineThroughThePortalOnAPhone() {
        TestTenant tenant = newTenant();
        tenant.createStore("BER-1");
        assertThat(tenant.admin().put("/api/v1/brand", Map.of("name", "Kaffeehaus Lena", "primaryColor", "#0b6e4f",
                "privacyUrl", "https://example.com/privacy")).status()).isEqualTo(200);
        String node = "0c:8d:db:11:22:33".replace("33", String.format("%02x", (int) (Math.random() * 256)));
        String splash = tenant.admin().post("/api/v1/wifi/access-points", Map.of("vendor", "meraki", "node", node,
                "store", "BER-1", "label", "Sales floor")).json().get("portalUrl").asString();

        browser.get("http://localhost:" + port + splash.substring(splash.indexOf("/wifi/meraki/")) + "?base_grant_url="
                + URLEncoder.encode("https://n1.network-auth.com/splash/grant", StandardCharsets.UTF_8)
                + "&node_mac=" + node + "&client_mac=aa:bb:cc:00:11:22");
        assertThat(browser.getTitle()).contains("Kaffeehaus Lena");
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
        assertThat(browser.executeScript("return [...document.querySelectorAll('input')]"
                + ".filter(i => i.type !== 'hidden' && i.offsetParent !== null && i.labels.length === 0)"
                + ".map(i => i.id)")).as("every visible field has a label").isEqualTo(List.of());
        assertThat((Long) browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth"))
                .as("nothing wider than the phone").isLessThanOrEqualTo(0L);
        assertThat(browser.findElement(By.id("website")).isDisplayed()).as("the honeypot is out of sight").isFalse();
        Long bytes = (Long) browser.executeScript(
                "return performance.getEntriesByType('navigation')[0].decodedBodySize");
        Long resources = (Long) browser.executeScript("return performance.getEntriesByType('resource').length");
        System.out.printf("portal page on first load: %.1f KB of HTML, %d further requests%n", bytes / 1024.0,
                resources);
        assertThat(bytes).isLessThan(20_000L);
        assertThat(resources).isZero();

        browser.findElement(By.tagName("button")).click();
        WebElement summary = browser.findElement(By.cssSelector("[role=alert]"));
        assertThat(summary.getText()).contains("enter your email address or mobile number")
                .contains("accept the terms");
        assertThat(browser.findElement(By.id("contact")).getDomAttribute("aria-invalid")).isEqualTo("true");

        browser.findElement(By.id("contact")).sendKeys("lena@example.com");
        browser.findElement(By.id("terms")).click();
        browser.findElement(By.id("marketingEmail")).click();
        browser.findElement(By.tagName("button")).click();

        assertThat(awaitOne("SELECT properties FROM capture_event WHERE tenant_id = :t AND type = 'wifi.login'",
                tenant))
                .contains("{\"channel\":\"email\",\"purpose\":\"marketing\",\"granted\":true,\"wordingVersion\":1}")
                .contains("HeadlessChrome");
        assertThat(browser.getCurrentUrl()).as("sent on to the access point's grant URL")
                .satisfiesAnyOf(url -> assertThat(url).startsWith("https://n1.network-auth.com/splash/grant?"),
                        url -> assertThat(url).startsWith("chrome-error://"));
    }

    /** The click returns before the browser's request is answered: wait for what it stores. */
    private String awaitOne(String sql, TestTenant tenant) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (true) {
            List<String> rows = jdbc.sql(sql).param("t", tenant.id()).query(String.class).list();
            if (rows.size() == 1 || System.currentTimeMillis() > deadline) {
                assertThat(rows).hasSize(1);
                return rows.get(0);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aBusinessPageWithTheSnippetRecordsTheVisitAndWhoCameThroughALink() throws Exception {
        TestTenant tenant = newTenant();
        String siteKey = tenant.admin().post("/api/v1/web/sites", Map.of("domain", "localhost", "label", "Shop"))
                .json().get("siteKey").asString();
        String link = tenant.admin().post("/api/v1/web/links", Map.of("url", "http://localhost/",
                "identifiers", Map.of("email", "lena@example.com"))).json().get("url").asString();
        String token = link.substring(link.indexOf("fb_t=") + 5);
        // the business's own web server, on another origin than Footbridge
        com.sun.net.httpserver.HttpServer shop = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        byte[] page = ("<!DOCTYPE html><html><head><title>Autumn range</title><script async src=\"http://localhost:"
                + port + "/t.js\" data-site=\"" + siteKey + "\"></script></head><body><h1>Autumn</h1></body></html>")
                .getBytes(StandardCharsets.UTF_8);
        shop.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        shop.start();
        try {
            String address = "http://localhost:" + shop.getAddress().getPort() + "/autumn";
            browser.get(address + "?fb_t=" + token);
            String view = awaitOne("SELECT identifiers || ' ' || properties FROM capture_event"
                    + " WHERE tenant_id = :t AND type = 'web.page_view'", tenant);
            assertThat(view).contains("\"email\":\"lena@example.com\"").contains("\"anonymousId\":\"")
                    .contains("\"url\":\"" + address + "\"").contains("\"title\":\"Autumn range\"")
                    .doesNotContain(token);
            assertThat(browser.getCurrentUrl()).as("the token leaves the address bar").isEqualTo(address);
        } finally {
            shop.stop(0);
        }
    }

    @Test
    void aCustomerChangesTheirChoicesInThePreferenceCentreOnAPhone() throws Exception {
        TestTenant tenant = newTenant();
        tenant.admin().put("/api/v1/brand", Map.of("name", "Kaffeehaus Lena", "primaryColor", "#0b6e4f"));
        String email = "prefs-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        var signup = anonymous.bearer(tenant.createKey("events", null, "events:write")).post("/api/v1/events",
                Map.of("eventId", "b-" + java.util.UUID.randomUUID(), "type", "loyalty.signup", "occurredAt",
                        java.time.Instant.now().minusSeconds(60).toString(), "identifiers",
                        Map.of("email", email, "phone", "+4915155500011"), "properties", Map.of("consents", List.of(
                                Map.of("channel", "email", "purpose", "marketing", "granted", true)))));
        assertThat(signup.status()).isEqualTo(201);
        awaitResolved(tenant.id());
        String profile = tenant.admin().get("/api/v1/profiles?email=" + URLEncoder.encode(email,
                StandardCharsets.UTF_8)).json().get("items").get(0).get("id").asString();
        String html = null;
        for (int i = 0; i < 100 && html == null; i++) {
            var sent = tenant.admin().post("/api/v1/messages", Map.of("profileId", profile, "channel", "email",
                    "purpose", "marketing", "template", "consent.confirm", "variables",
                    Map.of("confirmUrl", "https://example.com")));
            if (sent.status() == 202) {
                html = tenant.admin().get("/api/v1/messages/" + sent.json().get("messageId").asString())
                        .json().get("html").asString();
            } else {
                Thread.sleep(100);
            }
        }
        assertThat(html).as("the consent reached the ledger").isNotNull();
        String preferences = html.replaceAll("(?s).*href=\"([^\"]*/preferences/[^\"]*)\".*", "$1");

        browser.get(preferences);
        assertThat(browser.getTitle()).contains("Your preferences");
        assertThat((Long) browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth"))
                .as("nothing wider than the phone").isLessThanOrEqualTo(0L);
        WebElement byEmail = browser.findElement(By.name("email"));
        WebElement bySms = browser.findElement(By.name("sms"));
        assertThat(byEmail.isSelected()).isTrue();
        assertThat(bySms.isSelected()).isFalse();
        byEmail.click();
        bySms.click();
        browser.findElement(By.tagName("button")).click();

        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).isEqualTo("Your choices are saved.");
        assertThat(browser.findElement(By.name("sms")).isSelected()).isTrue();
        var current = tenant.admin().get("/api/v1/profiles/" + profile + "/consents").json().get("current");
        assertThat(current.toString()).contains("{\"channel\":\"email\",\"purpose\":\"marketing\",\"status\":\"withdrawn\"")
                .contains("{\"channel\":\"sms\",\"purpose\":\"marketing\",\"status\":\"granted\"");
    }

    @Test
    void anUnknownQrCodeShowsAFriendlyPage() {
        browser.get("http://localhost:" + port + "/q/zzzzzzz");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("We could not find this code");
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("en");
    }

    @Test
    void aCustomerReadsTheirReceiptAndAnswersTheSurveyOnAPhone() {
        TestTenant tenant = newTenant();
        tenant.createStore("BER-1");
        tenant.admin().put("/api/v1/brand", Map.of("name", "Kaffeehaus Lena", "primaryColor", "#0b6e4f",
                "language", "de"));
        var survey = tenant.admin().post("/api/v1/surveys", Map.of("name", "Nach dem Einkauf", "questions", List.of(
                Map.of("id", "staff", "type", "rating", "text", "Wie freundlich war unser Team?"),
                Map.of("id", "found", "type", "yes_no", "text", "Haben Sie gefunden, was Sie suchten?",
                        "required", true))));
        assertThat(survey.status()).as(survey.toString()).isEqualTo(201);
        tenant.admin().put("/api/v1/receipts/settings", Map.of("survey", Map.of("enabled", true,
                "surveyId", survey.json().get("id").asString()), "footer", "Umtausch innerhalb von 30 Tagen."));
        String transaction = "T-" + java.util.UUID.randomUUID();
        var sale = anonymous.bearer(tenant.createKey("till", "BER-1", "pos")).post("/api/v1/transactions", Map.of(
                "transactionId", transaction, "store", "BER-1", "occurredAt",
                java.time.Instant.now().minusSeconds(60).toString(), "currency", "EUR",
                "lines", List.of(Map.of("sku", "FLAT-WHITE", "name", "Flat White", "quantity", 2, "unitPrice", 380),
                        Map.of("sku", "CROISSANT", "name", "Croissant mit Mandeln und Puderzucker", "quantity", 1,
                                "unitPrice", 295)),
                "tax", 168, "total", 1055, "paymentMethod", "Karte",
                "customer", Map.of("email", "gast-" + java.util.UUID.randomUUID() + "@example.com"),
                "receipt", "email"));
        assertThat(sale.status()).as(sale.toString()).isEqualTo(201);
        String url = null;
        for (int i = 0; i < 200 && url == null; i++) {
            var items = tenant.admin().get("/api/v1/receipts").json().get("items");
            url = items.isEmpty() ? null : items.get(0).get("url").asString();
            if (url == null) {
                sleep(100);
            }
        }
        assertThat(url).as("the receipt was made").isNotNull();

        browser.get(url);
        assertThat(browser.getTitle()).contains("Ihr Kassenbon", "Kaffeehaus Lena");
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("de");
        String text = browser.findElement(By.tagName("main")).getText();
        assertThat(text).contains("Store BER-1", "2 × 3,80 €", "7,60 €", "Croissant mit Mandeln", "10,55 €",
                "Enthaltene MwSt.", "1,68 €", "Bezahlt mit Karte", "Umtausch innerhalb von 30 Tagen.");
        assertThat((Long) browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth"))
                .as("nothing wider than the phone").isLessThanOrEqualTo(0L);
        assertThat(browser.executeScript("return [...document.querySelectorAll('a.button')]"
                + ".filter(a => a.getBoundingClientRect().height < 44).length"))
                .as("buttons big enough for a thumb").isEqualTo(0L);
        Long resources = (Long) browser.executeScript("return performance.getEntriesByType('resource').length");
        assertThat(resources).as("no scripts, fonts or styles to fetch").isZero();
        Long bytes = (Long) browser.executeScript(
                "return performance.getEntriesByType('navigation')[0].decodedBodySize");
        System.out.printf("receipt page: %.1f KB of HTML, %d further requests%n", bytes / 1024.0, resources);
        assertThat(bytes).isLessThan(20_000L);

        browser.findElement(By.linkText("Feedback geben")).click();
        Long surveyBytes = (Long) browser.executeScript(
                "return performance.getEntriesByType('navigation')[0].decodedBodySize");
        System.out.printf("survey page: %.1f KB of HTML%n", surveyBytes / 1024.0);
        assertThat(surveyBytes).isLessThan(30_000L);
        assertThat(browser.getCurrentUrl()).contains("/s/t/");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Wie war es bei uns?");
        assertThat(browser.executeScript("return [...document.querySelectorAll('input, textarea')]"
                + ".filter(i => i.type !== 'hidden' && i.offsetParent !== null && i.labels.length === 0)"
                + ".map(i => i.id)")).as("every visible field has a label").isEqualTo(List.of());
        assertThat((Long) browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth"))
                .as("eleven scores fit on a phone").isLessThanOrEqualTo(0L);
        browser.findElement(By.tagName("button")).click();
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText())
                .contains("Bitte wählen Sie eine Bewertung von 0 bis 10.", "Bitte beantworten Sie diese Frage.");

        browser.findElement(By.cssSelector("label[for=score-4]")).click();
        browser.findElement(By.id("comment")).sendKeys("Die Schlange war lang.");
        browser.findElement(By.cssSelector("label[for=q_found-yes]")).click();
        Chromium.clickToNextPage(browser, browser.findElement(By.tagName("button")));

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Vielen Dank!");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("als Fall C-");
        Chromium.clickToNextPage(browser, browser.findElement(By.linkText("Ihren Fall verfolgen")));
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText())
                .contains("Eingegangen");
        assertThat(jdbc.sql("SELECT score FROM survey_response WHERE tenant_id = :t").param("t", tenant.id())
                .query(Integer.class).single()).isEqualTo(4);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

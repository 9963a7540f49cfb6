package io.footbridge.browser;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The member page as a customer opens it on a phone in Chromium: the sign-in by a code sent by e-mail, the card's
 * QR code in the brand's frame, points and history, the wallet button, the page installable as a web app (its
 * service worker takes control), axe-core's serious findings, and a forged link that shows nothing of anyone.
 */
class MemberPageBrowserTests extends ApiTest {

    private static final String AXE = "META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";
    private static final String BRAND = "rgb(11, 110, 79)";
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
    void aMemberSignsInWithACodeOnTheirPhoneAndFindsTheirCardAndPoints() throws Exception {
        TestTenant tenant = newTenant();
        tenant.createStore("BER-1");
        assertThat(tenant.admin().put("/api/v1/brand", Map.of("name", "Kaffeehaus Lena", "primaryColor", "#0b6e4f",
                "language", "de")).status()).isEqualTo(200);
        assertThat(tenant.admin().put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1,
                "unit", 100, "rewards", List.of(Map.of("id", "coffee", "name", "Gratis Kaffee", "points", 50))))
                .status()).isEqualTo(200);
        String number = "L" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String email = "lena-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        var till = anonymous.bearer(tenant.createKey("till", "BER-1", "pos"));
        assertThat(till.post("/api/v1/loyalty/members", Map.of("loyaltyId", number, "store", "BER-1",
                "email", email)).status()).isEqualTo(201);
        assertThat(tenant.admin().post("/api/v1/loyalty/members/" + number + "/adjustments",
                Map.of("points", 75, "reason", "Willkommen")).status()).isEqualTo(200);
        long deadline = System.currentTimeMillis() + 20_000;
        while (till.get("/api/v1/loyalty/members?loyaltyId=" + number).json().path("profileId").isNull()) {
            assertThat(System.currentTimeMillis()).as("identity links the number").isLessThan(deadline);
            Thread.sleep(50);
        }

        browser.get("http://localhost:" + port + "/club/sign-in/" + tenant.id());
        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("de");
        assertThat(axe()).as("the sign-in page").isEmpty();
        browser.findElement(By.id("contact")).sendKeys(email);
        Chromium.clickToNextPage(browser, browser.findElement(By.cssSelector("button[type=submit]")));
        Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(awaitMail(email, Duration.ofSeconds(20))
                .getSubject());
        assertThat(code.find()).isTrue();
        browser.findElement(By.id("code")).sendKeys(code.group(1));
        Chromium.clickToNextPage(browser, browser.findElement(By.cssSelector("button[type=submit]")));

        assertThat(browser.getCurrentUrl()).contains("/club/").doesNotContain(number);
        assertThat(browser.findElement(By.id("loyalty-number")).getText()).isEqualTo(number);
        assertThat(browser.findElement(By.id("available")).getText()).isEqualTo("75");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Ihre Mitgliederseite");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("Gratis Kaffee").contains("Korrektur");
        WebElement card = browser.findElement(By.cssSelector(".card"));
        assertThat(browser.executeScript("return getComputedStyle(arguments[0]).borderTopColor", card))
                .isEqualTo(BRAND);
        WebElement qr = browser.findElement(By.cssSelector(".card .qr svg"));
        assertThat(qr.getRect().getWidth()).as("a QR code a scanner can read").isGreaterThanOrEqualTo(150);
        assertThat(qr.getRect().getY() + qr.getRect().getHeight()).as("the card is on the first screen")
                .isLessThanOrEqualTo(844);
        WebElement apple = browser.findElement(By.id("apple-wallet"));
        assertThat(browser.executeScript("return getComputedStyle(arguments[0]).backgroundColor", apple))
                .isEqualTo(BRAND);
        assertThat(apple.getRect().getHeight()).as("a button a thumb can press").isGreaterThanOrEqualTo(44);
        assertThat((Long) browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth"))
                .as("nothing wider than the phone").isLessThanOrEqualTo(0L);
        assertThat(axe()).as("the member page").isEmpty();

        Object controlled = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                navigator.serviceWorker.ready.then(r => done(r.active ? r.scope : null)).catch(e => done(String(e)));
                setTimeout(() => done('timeout'), 15000);
                """);
        assertThat(String.valueOf(controlled)).as("the service worker is installed for the member pages")
                .endsWith("/club/");
        Object manifest = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())
                    .then(m => done(m.name + '|' + m.display + '|' + m.start_url)).catch(e => done(String(e)));
                """);
        assertThat(String.valueOf(manifest)).isEqualTo("Kaffeehaus Lena|standalone|"
                + browser.getCurrentUrl().substring(("http://localhost:" + port).length()));

        browser.get("http://localhost:" + port + "/club/AAAAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBB");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("This link does not open a member page");
        assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContain(number).doesNotContain("75");
    }

    /** axe-core's serious and critical findings on the open page. */
    @SuppressWarnings("unchecked")
    private static List<String> axe() throws Exception {
        if (!(Boolean) browser.executeScript("return typeof window.axe !== 'undefined'")) {
            try (InputStream in = MemberPageBrowserTests.class.getClassLoader().getResourceAsStream(AXE)) {
                assertThat(in).isNotNull();
                browser.executeScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        List<Map<String, Object>> violations = (List<Map<String, Object>>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => ({
                    id: v.id, impact: v.impact, targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))));
                """);
        List<String> serious = new ArrayList<>();
        for (Map<String, Object> v : violations) {
            if ("serious".equals(v.get("impact")) || "critical".equals(v.get("impact"))) {
                serious.add(v.get("id") + " at " + v.get("targets"));
            }
        }
        return serious;
    }
}

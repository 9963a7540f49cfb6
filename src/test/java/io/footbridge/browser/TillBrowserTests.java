package io.footbridge.browser;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The till page at a phone's width, driven as store staff would: a coupon redeemed, a customer signed up. */
class TillBrowserTests extends ApiTest {

    private static ChromeDriver browser;
    private static Path downloads;
    private TestTenant tenant;

    @BeforeAll
    static void openBrowser() throws IOException {
        downloads = Files.createTempDirectory("till-downloads");
        browser = Chromium.open(Chromium.PHONE, downloads);
    }

    @AfterAll
    static void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (downloads != null) {
            try (var files = Files.list(downloads)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(downloads);
        }
    }

    @BeforeEach
    void aStoreAndItsManager() {
        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(new Dimension(390, 844));
        tenant = newTenant();
        tenant.createStore("BER-1");
    }

    @Test
    void staffRedeemACouponCodeTypedAtTheTillAndTheRedemptionIsRecorded() {
        var offer = tenant.admin().post("/api/v1/offers", Map.of("name", "Autumn", "type", "amount", "amount", 500,
                "currency", "EUR", "validFrom", Instant.now().minus(1, ChronoUnit.DAYS).toString(),
                "validUntil", Instant.now().plus(30, ChronoUnit.DAYS).toString()));
        assertThat(offer.status()).as(offer.toString()).isEqualTo(201);
        var coupon = tenant.admin().post("/api/v1/offers/" + offer.json().get("id").asString() + "/issue",
                Map.of("channel", "api"));
        assertThat(coupon.status()).as(coupon.toString()).isEqualTo(201);
        String code = coupon.json().get("code").asString();

        signInAsManagerOf("BER-1");
        browser.get("http://localhost:" + port + "/console/till");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Till");
        browser.findElement(By.id("code")).sendKeys(code);
        browser.findElement(By.id("total")).sendKeys("34,80");
        Chromium.clickToNextPage(browser, browser.findElement(By.xpath("//button[normalize-space()='Check']")));
        assertThat(browser.findElement(By.id("checked")).getText()).contains("is valid").contains("€5.00")
                .contains("€29.80");

        // the first press of Redeem, sent by a script as a double tap would; the visible press is the second
        browser.manage().timeouts().scriptTimeout(java.time.Duration.ofSeconds(20));
        Object first = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const form = document.querySelector('form[action$="/console/till/coupon"]');
                const body = new URLSearchParams(new FormData(form));
                body.set('step', 'redeem');
                fetch(form.action, {method: 'POST', body: body}).then(r => done(r.status));
                """);
        assertThat(first).isEqualTo(200L);
        Chromium.clickToNextPage(browser, browser.findElement(By.xpath("//button[normalize-space()='Redeem']")));
        assertThat(browser.findElement(By.id("redeemed")).getText()).contains("is redeemed").contains("€5.00")
                .as("the second press of the same sale redeems nothing").contains("had redeemed it already");
        var state = tenant.admin().get("/api/v1/coupons/" + code).json();
        assertThat(state.get("status").asString()).isEqualTo("redeemed");
        assertThat(state.get("redemptions").size()).isEqualTo(1);
        assertThat(state.get("redemptions").get(0).get("discount").asLong()).isEqualTo(500);
        assertThat((Long) browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth"))
                .as("the till fits a phone").isLessThanOrEqualTo(0L);
    }

    @Test
    void aMarketerMakesAnOfferAndPrintsItsCodesAndTheStoreRedeemsOneAtTheTill() throws IOException {
        browser.get("http://localhost:" + port + "/login");
        Chromium.signIn(browser, tenant.adminEmail(), PASSWORD);
        browser.get("http://localhost:" + port + "/console/convert/offers");
        Chromium.clickToNextPage(browser, browser.findElement(By.linkText("New offer")));
        browser.findElement(By.id("name")).sendKeys("Ten off the season");
        browser.findElement(By.id("percent")).sendKeys("10");
        browser.findElement(By.id("validFrom")).sendKeys(LocalDate.now().minusDays(1).toString());
        browser.findElement(By.id("validUntil")).sendKeys(LocalDate.now().plusDays(30).toString());
        Chromium.clickToNextPage(browser, browser.findElement(By.cssSelector("main form button[type=submit]")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Ten off the season");

        WebElement count = browser.findElement(By.id("count"));
        count.clear();
        count.sendKeys("3");
        browser.findElement(By.xpath("//button[normalize-space()='Generate and download']")).click();
        List<String> rows = downloaded("codes-");
        assertThat(rows).as("a header and the three codes").hasSize(4);
        String code = rows.get(1).split(",")[0];
        assertThat(tenant.admin().get("/api/v1/coupons/" + code).json().get("status").asString())
                .as("the printed code is a coupon of the offer").isEqualTo("active");

        Chromium.clickToNextPage(browser, browser.findElement(By.xpath("//button[normalize-space()='Sign out']")));
        signInAsManagerOf("BER-1");
        browser.get("http://localhost:" + port + "/console/till");
        browser.findElement(By.id("code")).sendKeys(code);
        browser.findElement(By.id("total")).sendKeys("20,00");
        Chromium.clickToNextPage(browser, browser.findElement(By.xpath("//button[normalize-space()='Check']")));
        assertThat(browser.findElement(By.id("checked")).getText()).contains("is valid").contains("€2.00")
                .contains("€18.00");
        Chromium.clickToNextPage(browser, browser.findElement(By.xpath("//button[normalize-space()='Redeem']")));
        assertThat(browser.findElement(By.id("redeemed")).getText()).contains("is redeemed").contains("€2.00");

        var state = tenant.admin().get("/api/v1/coupons/" + code).json();
        assertThat(state.get("status").asString()).isEqualTo("redeemed");
        assertThat(state.get("redemptions").get(0).get("discount").asLong()).isEqualTo(200);
    }

    /** The lines of the file whose name starts so, once the browser has finished downloading it. */
    private static List<String> downloaded(String prefix) throws IOException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try (var files = Files.list(downloads)) {
                var done = files.filter(f -> f.getFileName().toString().startsWith(prefix)
                        && f.getFileName().toString().endsWith(".csv")).findFirst();
                if (done.isPresent()) {
                    return Files.readAllLines(done.get(), StandardCharsets.UTF_8);
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("nothing downloaded within 30 s");
    }

    @Test
    void aMistypedCodeIsShownNextToTheCodeField() {
        signInAsManagerOf("BER-1");
        browser.get("http://localhost:" + port + "/console/till");
        browser.findElement(By.id("code")).sendKeys("NOPE-NOPE");
        browser.findElement(By.id("total")).sendKeys("abc");
        Chromium.clickToNextPage(browser, browser.findElement(By.xpath("//button[normalize-space()='Check']")));

        assertThat(browser.findElement(By.id("total-error")).getText()).contains("is not an amount");
        assertThat(browser.findElement(By.id("total")).getDomAttribute("aria-invalid")).isEqualTo("true");
    }

    @Test
    void staffSignACustomerUpWithTheFormsWordingAndTheirConsentIsRecorded() {
        var form = tenant.admin().post("/api/v1/signup-forms", Map.of("store", "BER-1", "title", "Club BER",
                "program", "club", "terms", "I accept the club's terms.",
                "marketingEmail", "Send me offers by e-mail."));
        assertThat(form.status()).as(form.toString()).isEqualTo(201);
        String email = "mia-" + UUID.randomUUID() + "@example.com";

        signInAsManagerOf("BER-1");
        browser.get("http://localhost:" + port + "/console/till?lang=de");
        assertThat(browser.findElement(By.cssSelector("label[for=terms]")).getText())
                .isEqualTo("I accept the club's terms.");
        browser.findElement(By.id("firstName")).sendKeys("Mia");
        browser.findElement(By.id("lastName")).sendKeys("Berg");
        browser.findElement(By.id("email")).sendKeys(email);
        browser.findElement(By.id("marketingEmail")).click();
        Chromium.clickToNextPage(browser, browser.findElement(By.xpath("//button[normalize-space()='Anmelden']")));
        assertThat(browser.findElement(By.id("terms-error")).getText()).as("the terms were not ticked").isNotBlank();
        assertThat(browser.findElement(By.id("email")).getDomProperty("value")).as("nothing typed is lost")
                .isEqualTo(email);

        browser.findElement(By.id("terms")).click();
        Chromium.clickToNextPage(browser, browser.findElement(By.xpath("//button[normalize-space()='Anmelden']")));
        assertThat(browser.findElement(By.id("signed-up")).getText()).contains(email).contains("angemeldet");

        awaitResolved(tenant.id());
        String profile = tenant.admin().get("/api/v1/profiles?email=" + email.replace("@", "%40")).json()
                .get("items").get(0).get("id").asString();
        var consents = tenant.admin().get("/api/v1/profiles/" + profile + "/consents").json();
        assertThat(consents.get("current").toString())
                .contains("{\"channel\":\"email\",\"purpose\":\"marketing\",\"status\":\"granted\"");

        browser.get("http://localhost:" + port + "/console/customers/" + profile + "?lang=en");
        String shown = browser.findElement(By.cssSelector("section[aria-labelledby=h-consents]")).getText();
        assertThat(shown).contains("email").contains("marketing").contains("granted");
    }

    private void signInAsManagerOf(String store) {
        String email = "manager-" + UUID.randomUUID() + "@brand.test";
        var user = tenant.admin().post("/api/v1/users", Map.of("email", email, "name", "Manager",
                "role", "store_manager", "password", PASSWORD, "storeCodes", java.util.List.of(store)));
        assertThat(user.status()).as(user.toString()).isEqualTo(201);
        browser.get("http://localhost:" + port + "/login");
        Chromium.signIn(browser, email, PASSWORD);
    }
}

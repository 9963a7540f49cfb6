package io.footbridge.browser;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of hosted page wears the tenant's brand colour, as the browser draws it: the colour a button is
 * painted in, read back with {@code getComputedStyle}, not the text of the style sheet.
 */
class BrandedPagesBrowserTests extends ApiTest {

    /** #0b6e4f, as the browser reports a computed colour; text on it is white. */
    private static final String BRAND = "rgb(11, 110, 79)";
    private static final String WHITE = "rgb(255, 255, 255)";

    private static ChromeDriver browser;
    private TestTenant tenant;

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

    @BeforeEach
    void brandedTenant() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        assertThat(tenant.admin().put("/api/v1/brand", Map.of("name", "Kaffeehaus Lena", "primaryColor", "#0b6e4f"))
                .status()).isEqualTo(200);
    }

    @Test
    void theWifiPortalsButtonIsInTheBrandColour() {
        String node = String.format("0c:8d:db:%02x:%02x:%02x", rnd(), rnd(), rnd());
        String splash = tenant.admin().post("/api/v1/wifi/access-points", Map.of("vendor", "meraki", "node", node,
                "store", "BER-1", "label", "Sales floor")).json().get("portalUrl").asString();
        browser.get("http://localhost:" + port + splash.substring(splash.indexOf("/wifi/meraki/")) + "?base_grant_url="
                + URLEncoder.encode("https://n1.network-auth.com/splash/grant", StandardCharsets.UTF_8)
                + "&node_mac=" + node + "&client_mac=aa:bb:cc:00:11:22");

        assertPaintedInTheBrand(browser.findElement(By.tagName("button")));
    }

    @Test
    void theSignUpFormsSubmitButtonIsABrandedButton() {
        var form = tenant.admin().post("/api/v1/signup-forms", Map.of("store", "BER-1", "title", "Join Club Lena",
                "program", "club", "terms", "Points on every coffee."));
        assertThat(form.status()).as(form.toString()).isEqualTo(201);
        browser.get("http://localhost:" + port + "/f/" + form.json().get("code").asString());

        WebElement submit = browser.findElement(By.cssSelector("button[type=submit]"));
        assertPaintedInTheBrand(submit);
        assertThat(submit.getRect().getHeight()).as("a button a thumb can press").isGreaterThanOrEqualTo(44);
    }

    @Test
    void theReceiptsCallsToActionAndTheSurveysButtonAreInTheBrandColour() {
        var survey = tenant.admin().post("/api/v1/surveys", Map.of("name", "After your visit", "questions",
                List.of()));
        assertThat(survey.status()).as(survey.toString()).isEqualTo(201);
        tenant.admin().put("/api/v1/receipts/settings", Map.of("survey", Map.of("enabled", true,
                "surveyId", survey.json().get("id").asString())));
        var sale = anonymous.bearer(tenant.createKey("till", "BER-1", "pos")).post("/api/v1/transactions", Map.of(
                "transactionId", "T-" + UUID.randomUUID(), "store", "BER-1",
                "occurredAt", Instant.now().minusSeconds(60).toString(), "currency", "EUR",
                "lines", List.of(Map.of("sku", "FLAT-WHITE", "quantity", 1, "unitPrice", 380)), "total", 380,
                "customer", Map.of("email", "guest-" + UUID.randomUUID() + "@example.com"), "receipt", "email"));
        assertThat(sale.status()).as(sale.toString()).isEqualTo(201);
        String url = null;
        for (int i = 0; i < 200 && url == null; i++) {
            var items = tenant.admin().get("/api/v1/receipts").json().get("items");
            url = items.isEmpty() ? null : items.get(0).get("url").asString();
            sleep(url == null ? 100 : 0);
        }
        assertThat(url).as("the receipt was made").isNotNull();

        browser.get(url);
        assertPaintedInTheBrand(browser.findElement(By.cssSelector("a.button")));
        browser.findElement(By.cssSelector("a.button")).click();
        assertThat(browser.getCurrentUrl()).contains("/s/t/");
        assertPaintedInTheBrand(browser.findElement(By.cssSelector("button[type=submit]")));
    }

    @Test
    void theCouponPageFramesTheCodeInTheBrandColour() {
        var offer = tenant.admin().post("/api/v1/offers", Map.of("name", "Autumn", "type", "amount", "amount", 500,
                "currency", "EUR", "validFrom", Instant.now().minus(1, ChronoUnit.DAYS).toString(),
                "validUntil", Instant.now().plus(30, ChronoUnit.DAYS).toString()));
        assertThat(offer.status()).as(offer.toString()).isEqualTo(201);
        var coupon = tenant.admin().post("/api/v1/offers/" + offer.json().get("id").asString() + "/issue",
                Map.of("channel", "api"));
        assertThat(coupon.status()).as(coupon.toString()).isEqualTo(201);

        browser.get(coupon.json().get("pageUrl").asString());
        WebElement code = browser.findElement(By.cssSelector(".code"));
        assertThat(code.getText().replace("-", "")).isEqualTo(coupon.json().get("code").asString());
        assertThat(browser.executeScript("return getComputedStyle(arguments[0]).borderTopColor", code))
                .isEqualTo(BRAND);
    }

    @Test
    void theConsolesBrandKitPreviewsTheButtonsInTheSavedBrandAndInADraftAsItIsPicked() {
        browser.manage().deleteAllCookies();
        browser.get("http://localhost:" + port + "/login");
        Chromium.signIn(browser, tenant.adminEmail(), PASSWORD);
        browser.get("http://localhost:" + port + "/console/data/brand");
        WebElement frame = browser.findElement(By.id("brand-preview"));
        browser.switchTo().frame(frame);
        assertPaintedInTheBrand(browser.findElement(By.id("sample-join")));
        assertPaintedInTheBrand(browser.findElement(By.id("sample-coupon")));
        browser.switchTo().defaultContent();

        // the picker as a person leaves it: a new value, then the change event htmx listens for
        browser.executeScript("const input = document.getElementById('primaryColor'); input.value = '#ffd400';"
                + " input.dispatchEvent(new Event('change', {bubbles: true}));");
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        // read in the page, not through an element htmx may swap out between finding and reading it
        while (!String.valueOf(browser.executeScript("const frame = document.getElementById('brand-preview');"
                + " return frame ? frame.src : '';")).contains("ffd400")) {
            assertThat(System.nanoTime()).as("the preview follows the picked colour").isLessThan(deadline);
            sleep(50);
        }
        assertThat(browser.findElement(By.cssSelector("[data-contrast=buttons]")).getAttribute("class"))
                .as("yellow on white is too faint for a button").contains("fail");
        browser.switchTo().frame(browser.findElement(By.id("brand-preview")));
        WebElement join = browser.findElement(By.id("sample-join"));
        assertThat(browser.executeScript("return getComputedStyle(arguments[0]).backgroundColor", join))
                .isEqualTo("rgb(255, 212, 0)");
        assertThat(browser.executeScript("return getComputedStyle(arguments[0]).color", join))
                .as("black reads better on yellow").isEqualTo("rgb(0, 0, 0)");
        browser.switchTo().defaultContent();
        assertThat(tenant.admin().get("/api/v1/brand").json().get("primaryColor").asString())
                .as("a preview saves nothing").isEqualTo("#0b6e4f");
    }

    private static void assertPaintedInTheBrand(WebElement element) {
        assertThat(browser.executeScript("return getComputedStyle(arguments[0]).backgroundColor", element))
                .as("background of %s", element.getTagName()).isEqualTo(BRAND);
        assertThat(browser.executeScript("return getComputedStyle(arguments[0]).color", element))
                .as("text on it").isEqualTo(WHITE);
    }

    private static int rnd() {
        return (int) (Math.random() * 256);
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

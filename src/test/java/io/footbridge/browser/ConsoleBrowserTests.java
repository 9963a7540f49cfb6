package io.footbridge.browser;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The staff console in the machine's Chromium: signing in, the home figures, a customer's 360, a merge undone. */
class ConsoleBrowserTests extends ApiTest {

    private static ChromeDriver browser;
    private TestTenant tenant;
    private String email;

    @BeforeAll
    static void openBrowser() {
        browser = Chromium.open(Chromium.DESKTOP);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void aStoreWithSales() {
        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(new Dimension(1280, 900));
        tenant = newTenant();
        tenant.createStore("BER-1");
        email = "lena-" + UUID.randomUUID() + "@example.com";
        ApiClient till = anonymous.bearer(tenant.createKey("till", "BER-1", "pos"));
        for (long total : new long[]{1250, 3480}) {
            var sale = till.post("/api/v1/transactions", Map.of("transactionId", "T-" + UUID.randomUUID(),
                    "store", "BER-1", "occurredAt", Instant.now().minusSeconds(7200).toString(), "currency", "EUR",
                    "lines", List.of(Map.of("sku", "CAKE", "quantity", 1, "unitPrice", total)), "total", total,
                    "customer", Map.of("email", email)));
            assertThat(sale.status()).as(sale.toString()).isEqualTo(201);
        }
    }

    @Test
    void aStaffMemberSignsInSeesTheFiguresOpensACustomerUndoesAMergeAndSignsOut() {
        String lena = profile("email=" + email.replace("@", "%40"));
        var wifi = tenant.admin().post("/api/v1/events", Map.of("eventId", UUID.randomUUID().toString(),
                "type", "wifi.login", "occurredAt", Instant.now().minusSeconds(60).toString(), "store", "BER-1",
                "identifiers", Map.of("phone", "+4915155501234", "deviceId", "aa:bb:cc:dd:ee:01"),
                "properties", Map.of()));
        assertThat(wifi.status()).as(wifi.toString()).isEqualTo(201);
        awaitResolved(tenant.id());
        String phone = profile("phone=%2B4915155501234");
        assertThat(phone).isNotEqualTo(lena);
        // the sign-up names both: the resolver merges them, and says why
        var signup = tenant.admin().post("/api/v1/events", Map.of("eventId", UUID.randomUUID().toString(),
                "type", "loyalty.signup", "occurredAt", Instant.now().minusSeconds(30).toString(),
                "identifiers", Map.of("email", email, "phone", "+4915155501234"), "properties", Map.of()));
        assertThat(signup.status()).as(signup.toString()).isEqualTo(201);
        awaitResolved(tenant.id());

        browser.get("http://localhost:" + port + "/");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        signIn(tenant.adminEmail(), PASSWORD);

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Home");
        assertThat(figure("sales")).isEqualTo("2");
        assertThat(figure("revenue-EUR")).isEqualTo("€47.30");
        assertThat(figure("knownShare-EUR")).isEqualTo("100%");
        assertThat(browser.findElements(By.cssSelector("[data-figure=sales] .chart svg"))).as("the chart is drawn")
                .isNotEmpty();
        Cookie session = browser.manage().getCookieNamed("JSESSIONID");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat((String) browser.executeScript("return document.cookie")).doesNotContain("JSESSIONID");

        Chromium.clickToNextPage(browser, browser.findElement(By.linkText("Customers")));
        browser.findElement(By.id("q")).sendKeys(email);
        Chromium.clickToNextPage(browser, browser.findElement(By.cssSelector("form.search button")));
        Chromium.clickToNextPage(browser, browser.findElement(By.cssSelector("table a[href*='/console/customers/']")));
        assertThat(browser.getCurrentUrl()).endsWith("/console/customers/" + lena);
        String identifiers = browser.findElement(By.cssSelector("section[aria-labelledby=h-identifiers]")).getText();
        assertThat(identifiers).contains(email).contains("+4915155501234");
        assertThat(browser.findElement(By.cssSelector("section[aria-labelledby=h-merges] small.evidence")).getText())
                .as("why the two were joined").startsWith("Why: ").contains("+4915155501234", "loyalty.signup");

        Chromium.clickToNextPage(browser, browser.findElement(By.xpath("//button[normalize-space()='Undo this merge']")));
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).contains("The merge was undone.");
        assertThat(browser.findElement(By.cssSelector("section[aria-labelledby=h-merges]")).getText())
                .contains("undone");
        assertThat(browser.findElement(By.cssSelector("section[aria-labelledby=h-identifiers]")).getText())
                .doesNotContain("+4915155501234");
        assertThat(tenant.admin().get("/api/v1/profiles/" + lena + "/merges").json().get("items").get(0)
                .get("undoneAt").isNull()).as("the merge is undone in the graph").isFalse();

        browser.manage().window().setSize(new Dimension(390, 844));
        assertThat((Long) browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth"))
                .as("the 360 fits a phone").isLessThanOrEqualTo(0L);

        Chromium.clickToNextPage(browser, browser.findElement(By.xpath("//button[normalize-space()='Sign out']")));
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).isEqualTo("You are signed out.");
        browser.get("http://localhost:" + port + "/");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
    }

    @Test
    void aWrongPasswordIsShownOnTheFormNextToThePassword() {
        browser.get("http://localhost:" + port + "/login");
        signIn(tenant.adminEmail(), "not-the-password");

        assertThat(browser.getCurrentUrl()).contains("/login");
        assertThat(browser.findElement(By.id("password-error")).getText())
                .isEqualTo("The e-mail address or password is not right.");
        assertThat(browser.findElement(By.id("password")).getDomAttribute("aria-describedby"))
                .isEqualTo("password-error");
        assertThat(browser.findElement(By.id("password")).getDomAttribute("aria-invalid")).isEqualTo("true");
    }

    @Test
    void theConsoleSpeaksGermanOnRequestAndFitsAPhone() {
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get("http://localhost:" + port + "/login");
        signIn(tenant.adminEmail(), PASSWORD);
        Chromium.clickToNextPage(browser, browser.findElement(By.linkText("Deutsch")));

        assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("de");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Start");
        assertThat(browser.findElement(By.cssSelector("[data-figure=sales] h2")).getText()).isEqualTo("Verkäufe");
        assertThat(figure("revenue-EUR")).isEqualTo("47,30 €");
        assertThat((Long) browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth"))
                .as("the home page fits a phone").isLessThanOrEqualTo(0L);
        Chromium.clickToNextPage(browser, browser.findElement(By.linkText("Kunden")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Kunden finden");
        Chromium.clickToNextPage(browser, browser.findElement(By.linkText("English")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Find a customer");
    }

    private void signIn(String user, String password) {
        Chromium.signIn(browser, user, password);
    }

    private String figure(String key) {
        return browser.findElement(By.cssSelector("[data-figure='" + key + "'] .value")).getText();
    }

    private String profile(String query) {
        awaitResolved(tenant.id());
        return tenant.admin().get("/api/v1/profiles?" + query).json().get("items").get(0).get("id").asString();
    }
}

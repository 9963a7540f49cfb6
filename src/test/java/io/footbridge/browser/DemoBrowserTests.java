package io.footbridge.browser;

import io.footbridge.ApiTest;
import io.footbridge.demo.DemoWorld;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's home in the machine's Chromium on a small demo chain, for the marketer and for a store manager. */
class DemoBrowserTests extends ApiTest {

    private static ChromeDriver browser;

    @Autowired
    private DemoWorld world;

    @BeforeAll
    static void openBrowser() {
        browser = Chromium.open(Chromium.DESKTOP);
    }

    @org.junit.jupiter.api.AfterEach
    void quickerPages() {
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theMarketerSeesTheChainsFiguresAndAStoreManagerHisStoresOnly() {
        TestTenant tenant = newTenant();
        DemoWorld.Built built = world.build(tenant.id(),
                new DemoWorld.Options(3, 2, 200, 1, UUID.randomUUID() + ".demo.test"));
        String manager = built.storeManagers().get(0);
        List<String> others = new java.util.ArrayList<>();
        for (var store : tenant.admin().get("/api/v1/stores").json().get("items")) {
            String code = store.get("code").asString();
            if (!manager.startsWith("manager." + code.toLowerCase(java.util.Locale.ROOT) + "@")) {
                others.add(code);
            }
        }
        assertThat(others).as("the store the manager does not work in").hasSize(1);

        browser.manage().deleteAllCookies();
        browser.get("http://localhost:" + port + "/console/customers");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        Chromium.signIn(browser, tenant.adminEmail(), PASSWORD);
        assertThat(browser.getCurrentUrl()).as("back where the sign-in was asked for").contains("/console/customers");
        // the chain's first home page is figured while its rollups catch up: on a loaded machine it takes a while
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120));
        long started = System.nanoTime();
        browser.get("http://localhost:" + port + "/?store=&period=30d");
        System.out.printf("the demo chain's first home page took %d ms%n", (System.nanoTime() - started) / 1_000_000);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Home");
        long chainSales = number(figure("sales"));
        assertThat(chainSales).as("the chain's sales in 30 days").isPositive();
        for (String key : List.of("newCustomers", "consents", "receiptsOpened")) {
            assertThat(number(figure(key))).as(key).isPositive();
        }
        assertThat(figure("revenue-EUR")).startsWith("€");
        assertThat(figure("revenue-GBP")).startsWith("£");
        assertThat(browser.findElements(By.cssSelector("[data-figure=sales] .chart svg"))).as("the chart is drawn")
                .isNotEmpty();
        Chromium.clickToNextPage(browser, browser.findElement(By.xpath("//button[normalize-space()='Sign out']")));

        browser.get("http://localhost:" + port + "/console/customers");
        Chromium.signIn(browser, manager, DemoWorld.STAFF_PASSWORD);
        browser.get("http://localhost:" + port + "/?store=&period=30d");
        long storeSales = number(figure("sales"));
        assertThat(storeSales).as("the manager's one store").isPositive().isLessThan(chainSales);
        assertThat(browser.findElements(By.cssSelector("[data-figure=revenue-GBP]"))).as("London's takings")
                .isEmpty();
        browser.get("http://localhost:" + port + "/?store=" + others.get(0));
        assertThat(browser.findElement(By.tagName("main")).getText()).as("the other store's figures")
                .doesNotContain("£").doesNotContain(String.valueOf(chainSales - storeSales));
        assertThat(browser.findElements(By.cssSelector("[data-figure=sales]"))).isEmpty();
    }

    private static String figure(String key) {
        return browser.findElement(By.cssSelector("[data-figure='" + key + "'] .value")).getText();
    }

    private static long number(String shown) {
        return Long.parseLong(shown.replaceAll("[^0-9]", ""));
    }
}

package io.footbridge.browser;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analytics page in the machine's Chromium: its three charts are drawn with the series the figures call for,
 * and its tables download as CSV.
 */
class AnalyticsBrowserTests extends ApiTest {

    /** Eight customers, each buying on three days of the last weeks: enough repeat buyers to fit lifetime values. */
    private static final int CUSTOMERS = 8;

    private static ChromeDriver browser;

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

    @Test
    void theChartsAreDrawnFromTheFiguresAndEachTableDownloads() {
        TestTenant tenant = newTenant();
        tenant.createStore("BER-1");
        ApiClient till = anonymous.bearer(tenant.createKey("till", "BER-1", "pos"));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int c = 0; c < CUSTOMERS; c++) {
            for (int day : new int[]{20, 12 - c, 3}) {
                sale(till, today.minusDays(day), "buyer" + c + "@example.com", 1000 + 250L * c);
            }
        }
        sale(till, today.minusDays(5), null, 900);
        var visit = tenant.admin().post("/api/v1/events", Map.of("eventId", UUID.randomUUID().toString(),
                "type", "web.page_view", "occurredAt", today.minusDays(6) + "T10:00:00Z",
                "identifiers", Map.of("email", "buyer0@example.com"), "properties", Map.of("url", "https://a.test/")));
        assertThat(visit.status()).as(visit.toString()).isEqualTo(201);
        awaitResolved(tenant.id());

        browser.get("http://localhost:" + port + "/console/analytics");
        Chromium.signIn(browser, tenant.adminEmail(), PASSWORD);
        awaitFigures(CUSTOMERS * 3 + 1);

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Figures");
        // capture rate day by day: one series, a value on each of the four days with sales (24 of 25 known on day 3)
        Map<?, ?> capture = chart("capture-chart");
        assertThat(capture.get("series")).isEqualTo(1L);
        assertThat((List<?>) capture.get("values")).filteredOn(v -> v != null).hasSize(CUSTOMERS - 1 + 3);
        // the cohort heat map: everyone's first purchase is in one month (or two, near a month's start)
        Map<?, ?> heatmap = chart("cohort-chart");
        assertThat(heatmap.get("type")).isEqualTo("heatmap");
        assertThat((List<?>) heatmap.get("values")).isNotEmpty().allSatisfy(cell ->
                assertThat(((List<?>) cell).get(2)).isInstanceOf(Number.class));
        // lifetime values: one bar per bin, every customer in one of them
        Map<?, ?> lifetime = chart("lifetime-chart");
        assertThat(lifetime.get("type")).isEqualTo("bar");
        assertThat(((List<?>) lifetime.get("values")).stream().mapToLong(v -> ((Number) v).longValue()).sum())
                .isEqualTo(CUSTOMERS);
        assertThat(browser.findElements(By.cssSelector("#capture-chart svg, #cohort-chart svg, #lifetime-chart svg")))
                .as("each chart drawn as SVG").hasSize(3);

        assertThat(browser.findElement(By.cssSelector("table[data-conversion=onlineToStore] tbody tr")).getText())
                .as("buyer0 visited the site and bought three days later").contains("1").contains("100");
        assertThat(download("conversion")).startsWith("direction,source,days,people,converted,rate")
                .contains("online_to_store,web.page_view,14,1,1,1.0");
        assertThat(download("kpis")).contains("sales,,").contains("customers,," + CUSTOMERS);
        assertThat(download("lifetime").lines().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[4])).sum())
                .isEqualTo(CUSTOMERS);
        assertThat(download("cohorts")).startsWith("cohort,customers,period,share_bought");
    }

    /** The drawn chart's first series: how many series, its type, and its data as ECharts holds them. */
    private static Map<?, ?> chart(String id) {
        return (Map<?, ?>) browser.executeScript("""
                var option = echarts.getInstanceByDom(document.getElementById(arguments[0])).getOption();
                return {series: option.series.length, type: option.series[0].type, values: option.series[0].data};
                """, id);
    }

    private static String download(String table) {
        return (String) browser.executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                fetch('/console/analytics?csv=' + arguments[0]).then(r => r.text()).then(done);
                """, table);
    }

    /** Reloads until the analytics feeds have counted every sale. */
    private static void awaitFigures(long sales) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!download("kpis").contains("sales,," + sales + ",") && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        browser.navigate().refresh();
    }

    private static void sale(ApiClient till, LocalDate day, String email, long total) {
        Map<String, Object> sale = new HashMap<>(Map.of("transactionId", "T-" + UUID.randomUUID(), "store", "BER-1",
                "occurredAt", day + "T10:00:00Z", "currency", "EUR", "total", total,
                "lines", List.of(Map.of("sku", "CAKE", "quantity", 1, "unitPrice", total))));
        if (email != null) {
            sale.put("customer", Map.of("email", email));
        }
        var response = till.post("/api/v1/transactions", sale);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }
}

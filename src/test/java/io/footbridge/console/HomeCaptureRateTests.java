package io.footbridge.console;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The home page's capture rate comes from analytics' daily rollup, with its change against the period before: two
 * of three sales known today (66.7 %), one of two eight days ago (50 %), so +16.7 percentage points.
 */
class HomeCaptureRateTests extends ApiTest {

    @Test
    void theHomePageShowsAnalyticsCaptureRateAgainstThePeriodBefore() throws Exception {
        TestTenant tenant = newTenant();
        tenant.createStore("BER-1");
        ApiClient till = anonymous.bearer(tenant.createKey("till", "BER-1", "pos"));
        Instant now = Instant.now();
        sale(till, now.minus(Duration.ofHours(1)), "a-" + UUID.randomUUID() + "@example.com");
        sale(till, now.minus(Duration.ofHours(1)), "b-" + UUID.randomUUID() + "@example.com");
        sale(till, now.minus(Duration.ofHours(1)), null);
        sale(till, now.minus(Duration.ofDays(8)), "c-" + UUID.randomUUID() + "@example.com");
        sale(till, now.minus(Duration.ofDays(8)), null);
        ConsoleClient admin = new ConsoleClient(port);
        assertThat(admin.login(tenant.adminEmail(), PASSWORD).statusCode()).isEqualTo(302);

        String page = "";
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> home = admin.get("/?store=&period=7d");
            assertThat(home.statusCode()).isEqualTo(200);
            page = home.body();
            if (ConsoleStoreScopeTests.figure(page, "captureRate").equals("66.7%")) {
                break;
            }
            Thread.sleep(200);
        }

        assertThat(ConsoleStoreScopeTests.figure(page, "captureRate")).isEqualTo("66.7%");
        int at = page.indexOf("data-figure=\"captureRate\"");
        assertThat(page.substring(at, page.indexOf("</section>", at))).contains("+16.7 pp");
    }

    private static void sale(ApiClient till, Instant at, String email) {
        Map<String, Object> sale = new HashMap<>(Map.of("transactionId", "T-" + UUID.randomUUID(), "store", "BER-1",
                "occurredAt", at.toString(), "currency", "EUR", "total", 1000,
                "lines", List.of(Map.of("sku", "CAKE", "quantity", 1, "unitPrice", 1000))));
        if (email != null) {
            sale.put("customer", Map.of("email", email));
        }
        var response = till.post("/api/v1/transactions", sale);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }
}

package io.footbridge.console;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's figures page: what a store manager sees of the capture rate, and its CSV download. */
class AnalyticsPagesTests extends ApiTest {

    private TestTenant tenant;
    private ConsoleClient berlinManager;

    @BeforeEach
    void twoStores() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        tenant.createStore("HAM-1");
        ApiClient till = anonymous.bearer(tenant.createKey("till", null, "pos"));
        sale(till, "BER-1", "R1", "anna-" + UUID.randomUUID() + "@example.com");
        sale(till, "BER-1", "R2", null);
        sale(till, "HAM-1", "R9", "hans-" + UUID.randomUUID() + "@example.com");
        awaitResolved(tenant.id());
        tenant.createUser("store_manager", "BER-1");
        String managerEmail = jdbc.sql("SELECT email FROM staff_user WHERE tenant_id = :t AND role = 'store_manager'")
                .param("t", tenant.id()).query(String.class).single();
        berlinManager = new ConsoleClient(port);
        assertThat(berlinManager.login(managerEmail, PASSWORD).statusCode()).isEqualTo(302);
    }

    @Test
    void aStoreManagerSeesTheirStoresCaptureRateAndCanDownloadIt() throws InterruptedException {
        HttpResponse<String> page = berlinManager.get("/console/analytics?store=&period=7d");
        for (int i = 0; i < 100 && !page.body().contains("50%") && !page.body().contains("50 %"); i++) {
            Thread.sleep(100); // the rollup follows the capture log a moment behind
            page = berlinManager.get("/console/analytics");
        }
        assertThat(page.statusCode()).isEqualTo(200);
        // registers as table cells: a bare "R9" also turns up inside the page's random CSRF token now and then
        assertThat(page.body()).contains("Capture rate by store", "BER-1", ">R1<", ">R2<")
                .doesNotContain("HAM-1", ">R9<");

        HttpResponse<String> csv = berlinManager.get("/console/analytics?csv=capture");
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body().lines().toList()).containsExactly(
                "key,sales,identified_sales,capture_rate,currency,revenue,identified_revenue",
                "BER-1,2,1,0.5,EUR,900,450");
    }

    private static void sale(ApiClient till, String store, String register, String email) {
        Map<String, Object> sale = new java.util.HashMap<>(Map.of("transactionId", "T-" + UUID.randomUUID(),
                "store", store, "register", register, "occurredAt", Instant.now().minusSeconds(600).toString(),
                "currency", "EUR", "lines", List.of(Map.of("sku", "CAKE", "quantity", 1, "unitPrice", 450)),
                "total", 450));
        if (email != null) {
            sale.put("customer", Map.of("email", email));
        }
        var response = till.post("/api/v1/transactions", sale);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }
}

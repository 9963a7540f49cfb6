package io.footbridge.analytics;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Online-to-offline conversion against a small data set worked out by hand; the period is D … D+6 (Berlin days).
 * <pre>
 * anna  web visit D+1        store sale D+3              → converted online → store (2 days)
 * ben   message click D+1    store sale D+20             → not within 14 days; within 30 days he is
 * cara  QR scan in BER D+2, receipt call to action D+2   → no sale: not converted
 * dan   web visit D+2        store sale D+4, voided      → a voided sale is no sale: not converted
 * eve                        store sale D+5, online order D+7 → store → online
 * </pre>
 * online → store: anna, ben, cara, dan = 4 people, 1 converted; web visits 2 (1), message clicks 1 (0), receipt
 * calls to action 1 (0), QR scans 1 (0). store → online: buyers anna and eve (dan's sale is void), 1 converted (eve,
 * by buying online); web visits after a purchase 0.
 */
class ConversionApiTests extends ApiTest {

    private static final LocalDate D = LocalDate.now(ZoneOffset.UTC).minusDays(27);

    private TestTenant tenant;
    private ApiClient till;
    private ApiClient analyst;

    @BeforeEach
    void setUp() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        till = anonymous.bearer(tenant.createKey("till", null, "pos"));
        analyst = anonymous.bearer(tenant.createKey("analyst", null, "analytics:read"));

        event("web.page_view", null, D.plusDays(1), "anna@example.com", Map.of("url", "https://shop.example/a"));
        sale("S1", D.plusDays(3), "anna@example.com");
        event("message.clicked", null, D.plusDays(1), "ben@example.com", Map.of("messageId", "M1"));
        sale("S2", D.plusDays(20), "ben@example.com");
        event("qr.scan", "BER-1", D.plusDays(2), "cara@example.com", Map.of("placement", "window"));
        event("receipt.cta_clicked", null, D.plusDays(2), "cara@example.com", Map.of("receiptId", "R1", "cta", "shop"));
        event("web.page_view", null, D.plusDays(2), "dan@example.com", Map.of("url", "https://shop.example/d"));
        sale("S3", D.plusDays(4), "dan@example.com");
        var voided = till.post("/api/v1/transactions", Map.of("transactionId", "V3", "type", "void",
                "originalTransactionId", "S3", "store", "BER-1", "occurredAt", D.plusDays(4) + "T15:00:00Z",
                "currency", "EUR", "total", 1000));
        assertThat(voided.status()).as(voided.toString()).isEqualTo(201);
        sale("S4", D.plusDays(5), "eve@example.com");
        event("online.purchase", null, D.plusDays(7), "eve@example.com", Map.of("orderId", "O1", "total", 2500,
                "currency", "EUR"));
        awaitResolved(tenant.id());
        awaitSettled();
    }

    /** Waits until analytics has taken every touch and knows whose each is. */
    private void awaitSettled() {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline && jdbc.sql("""
                        SELECT (SELECT COUNT(*) FROM capture_event WHERE tenant_id = :t AND type IN ('web.page_view',
                                  'message.clicked', 'receipt.cta_clicked', 'qr.scan', 'online.purchase', 'pos.purchase'))
                             - (SELECT COUNT(*) FROM analytics_touch WHERE tenant_id = :t AND NOT pending)
                        """).param("t", tenant.id()).query(Long.class).single() > 0) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void theSharesOfPeopleWhoCrossedBetweenOnlineAndTheStoreMatchTheHandWorkedValues() {
        JsonNode figures = await("", 2);

        JsonNode toStore = figures.get("onlineToStore");
        assertThat(figures.get("days").asInt()).isEqualTo(14);
        assertThat(toStore.get("people").asLong()).isEqualTo(4);
        assertThat(toStore.get("converted").asLong()).isEqualTo(1);
        assertThat(toStore.get("rate").asDouble()).isEqualTo(0.25);
        assertThat(sources(toStore)).isEqualTo(Map.of("web.page_view", List.of(2L, 1L),
                "message.clicked", List.of(1L, 0L), "receipt.cta_clicked", List.of(1L, 0L),
                "qr.scan", List.of(1L, 0L)));
        JsonNode toOnline = figures.get("storeToOnline");
        assertThat(toOnline.get("people").asLong()).isEqualTo(2);
        assertThat(toOnline.get("converted").asLong()).isEqualTo(1);
        assertThat(sources(toOnline)).isEqualTo(Map.of("web.page_view", List.of(2L, 0L),
                "online.purchase", List.of(2L, 1L)));
    }

    @Test
    void aLongerWindowCountsTheLaterPurchase() {
        JsonNode figures = await("&days=30", 2);

        assertThat(figures.get("onlineToStore").get("converted").asLong()).isEqualTo(2);
        assertThat(sources(figures.get("onlineToStore")).get("message.clicked")).isEqualTo(List.of(1L, 1L));
    }

    @Test
    void badWindowsAndPeriodsAreRefusedNamingTheField() {
        for (String days : List.of("-1", "366", "two", "1.5")) {
            var response = analyst.get(path("&days=" + days));
            assertThat(response.status()).as(days).isEqualTo(400);
            assertThat(response.toString()).contains("days");
        }
        var backwards = analyst.get("/api/v1/analytics/conversion?from=" + D.plusDays(6) + "&to=" + D);
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.toString()).contains("\"to\"");
        assertThat(anonymous.bearer(tenant.createKey("till-only", null, "pos")).get(path("")).status())
                .isEqualTo(403);
    }

    @Test
    void anotherTenantSeesNoneOfIt() {
        TestTenant other = newTenant();
        ApiClient theirs = anonymous.bearer(other.createKey("analyst", null, "analytics:read"));

        JsonNode figures = theirs.get(path("")).json();

        assertThat(figures.get("onlineToStore").get("people").asLong()).isZero();
        assertThat(figures.get("storeToOnline").get("people").asLong()).isZero();
    }

    private JsonNode await(String query, long storeBuyers) {
        long deadline = System.currentTimeMillis() + 20_000;
        JsonNode figures;
        do {
            var response = analyst.get(path(query));
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            figures = response.json();
            if (figures.get("storeToOnline").get("people").asLong() == storeBuyers
                    && figures.get("onlineToStore").get("people").asLong() == 4) {
                return figures;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (System.currentTimeMillis() < deadline);
        return figures;
    }

    private static String path(String query) {
        return "/api/v1/analytics/conversion?from=" + D + "&to=" + D.plusDays(6) + query;
    }

    private static Map<String, List<Long>> sources(JsonNode direction) {
        Map<String, List<Long>> counts = new HashMap<>();
        direction.get("bySource").forEach(s -> counts.put(s.get("source").asString(),
                List.of(s.get("people").asLong(), s.get("converted").asLong())));
        return counts;
    }

    private void event(String type, String store, LocalDate day, String email, Map<String, Object> properties) {
        Map<String, Object> body = new HashMap<>(Map.of("eventId", UUID.randomUUID().toString(), "type", type,
                "occurredAt", day + "T10:00:00Z", "identifiers", Map.of("email", email), "properties", properties));
        if (store != null) {
            body.put("store", store);
        }
        var response = tenant.admin().post("/api/v1/events", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private void sale(String id, LocalDate day, String email) {
        var response = till.post("/api/v1/transactions", Map.of("transactionId", id, "store", "BER-1",
                "register", "R1", "occurredAt", day + "T12:00:00Z", "currency", "EUR", "total", 1000,
                "lines", List.of(Map.of("sku", "SKU-1", "name", "Thing", "quantity", 1, "unitPrice", 1000)),
                "customer", Map.of("email", email)));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }
}

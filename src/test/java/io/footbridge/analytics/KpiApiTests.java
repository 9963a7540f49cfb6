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
import static org.assertj.core.api.Assertions.within;

/**
 * The key figures against a small data set worked out by hand. The period is the seven store-local days D … D+6,
 * the previous period D−7 … D−1. Berlin sells in EUR, New York in USD.
 * <pre>
 * previous  anna BER D−3 1000 · ben BER D−2 2000 · anonymous BER D−2 500
 *           anonymous NYC at D 03:00 UTC = D−1 23:00 in New York                     800 USD
 * period    anna BER D+1 3000, D+2 1000 (returning, two purchases)
 *           cara BER D+3 4000, refund 1500 on D+4 (new; the refund lowers revenue, not the count)
 *           dan  BER D+3 2500, voided (no sale: dan bought nothing)
 *           anonymous BER D+4 700
 *           eve  NYC at D+7 03:00 UTC = D+6 23:00 in New York                       5000 USD (new)
 * </pre>
 * sales 5, identified 4, capture rate 0.8; revenue EUR 3000 + 1000 + 4000 − 1500 + 700 = 7200 over 4 sales (AOV
 * 1800), USD 5000 over 1; customers anna, cara, eve: 3, new 2, returning 1, repeat 1/3; previous buyers anna and
 * ben, so retention (3 − 2) / 2 = 0.5.
 */
class KpiApiTests extends ApiTest {

    private static final LocalDate D = LocalDate.now(ZoneOffset.UTC).minusDays(20);

    private TestTenant tenant;
    private ApiClient till;
    private ApiClient analyst;

    @BeforeEach
    void setUp() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        assertThat(tenant.admin().post("/api/v1/stores", Map.of("code", "NYC-1", "name", "New York",
                "country", "US", "timeZone", "America/New_York", "currency", "USD")).status()).isEqualTo(201);
        till = anonymous.bearer(tenant.createKey("till", null, "pos"));
        analyst = anonymous.bearer(tenant.createKey("analyst", null, "analytics:read"));

        sale("P1", "BER-1", D.minusDays(3), "12:00", "EUR", 1000, "anna@example.com");
        sale("P2", "BER-1", D.minusDays(2), "12:00", "EUR", 2000, "ben@example.com");
        sale("P3", "BER-1", D.minusDays(2), "13:00", "EUR", 500, null);
        sale("P4", "NYC-1", D, "03:00", "USD", 800, null);
        sale("S1", "BER-1", D.plusDays(1), "12:00", "EUR", 3000, "anna@example.com");
        sale("S2", "BER-1", D.plusDays(2), "12:00", "EUR", 1000, "anna@example.com");
        sale("S3", "BER-1", D.plusDays(3), "12:00", "EUR", 4000, "cara@example.com");
        reversal("refund", "R3", "S3", "BER-1", D.plusDays(4), "EUR", 1500);
        sale("S4", "BER-1", D.plusDays(3), "14:00", "EUR", 2500, "dan@example.com");
        reversal("void", "V4", "S4", "BER-1", D.plusDays(3), "EUR", 2500);
        sale("S5", "BER-1", D.plusDays(4), "12:00", "EUR", 700, null);
        sale("S6", "NYC-1", D.plusDays(7), "03:00", "USD", 5000, "eve@example.com");
        awaitResolved(tenant.id());
    }

    @Test
    void theFiguresOfAPeriodMatchTheHandWorkedValues() {
        JsonNode kpis = awaitKpis("", 5, 3);

        assertThat(kpis.get("sales").asLong()).isEqualTo(5);
        assertThat(kpis.get("identifiedSales").asLong()).isEqualTo(4);
        assertThat(kpis.get("captureRate").asDouble()).isEqualTo(0.8);
        assertThat(money(kpis.get("revenue"))).isEqualTo(Map.of("EUR", 7200L, "USD", 5000L));
        assertThat(money(kpis.get("identifiedRevenue"))).isEqualTo(Map.of("EUR", 6500L, "USD", 5000L));
        assertThat(money(kpis.get("averageOrderValue"))).isEqualTo(Map.of("EUR", 1800L, "USD", 5000L));
        assertThat(kpis.get("customers").asLong()).isEqualTo(3);
        assertThat(kpis.get("newCustomers").asLong()).isEqualTo(2);
        assertThat(kpis.get("returningCustomers").asLong()).isEqualTo(1);
        assertThat(kpis.get("repeatRate").asDouble()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(kpis.get("retentionRate").asDouble()).isEqualTo(0.5);
        assertThat(kpis.get("nps").get("responses").asLong()).isZero();

        JsonNode previous = kpis.get("previous");
        assertThat(previous.get("from").asString()).isEqualTo(D.minusDays(7).toString());
        assertThat(previous.get("sales").asLong()).isEqualTo(4);
        assertThat(previous.get("identifiedSales").asLong()).isEqualTo(2);
        assertThat(money(previous.get("revenue"))).isEqualTo(Map.of("EUR", 3500L, "USD", 800L));
        assertThat(previous.get("customers").asLong()).isEqualTo(2);
    }

    @Test
    void aStoreIsCutOnItsOwnClockAndAStoreManagerSeesOnlyTheirs() {
        JsonNode nyc = awaitKpis("&store=NYC-1", 1, 1);
        assertThat(money(nyc.get("revenue"))).isEqualTo(Map.of("USD", 5000L));
        assertThat(nyc.get("newCustomers").asLong()).isEqualTo(1);
        assertThat(nyc.get("previous").get("sales").asLong()).isEqualTo(1);
        assertThat(nyc.has("retentionRate")).as("no buyers before: no retention").isFalse();

        ApiClient manager = tenant.createUser("store_manager", "NYC-1");
        JsonNode own = manager.get(path("")).json();
        assertThat(own.get("sales").asLong()).isEqualTo(1);
        assertThat(manager.get(path("&store=BER-1")).status()).isEqualTo(403);
    }

    @Test
    void captureRateIsCutByStoreAndByDay() {
        awaitKpis("", 5, 3);
        JsonNode byStore = analyst.get("/api/v1/analytics/capture?from=" + D + "&to=" + D.plusDays(6) + "&by=store")
                .json();
        assertThat(byStore).hasSize(2);
        JsonNode berlin = byStore.get(0);
        assertThat(berlin.get("key").asString()).isEqualTo("BER-1");
        assertThat(berlin.get("sales").asLong()).isEqualTo(4);
        assertThat(berlin.get("identifiedSales").asLong()).isEqualTo(3);
        assertThat(berlin.get("captureRate").asDouble()).isEqualTo(0.75);
        assertThat(money(berlin.get("revenue"))).isEqualTo(Map.of("EUR", 7200L));
        assertThat(byStore.get(1).get("key").asString()).isEqualTo("NYC-1");

        JsonNode byDay = analyst.get("/api/v1/analytics/capture?from=" + D + "&to=" + D.plusDays(6) + "&by=day")
                .json();
        Map<String, Long> sales = new HashMap<>();
        Map<String, Long> revenue = new HashMap<>();
        byDay.forEach(day -> {
            sales.put(day.get("key").asString(), day.get("sales").asLong());
            day.get("revenue").forEach(m -> revenue.merge(day.get("key").asString(), m.get("amount").asLong(),
                    Long::sum));
        });
        // S4 voided on its own day; on D+4 the 700 sale and the 1500 refund of S3; S6 on New York's D+6
        assertThat(sales).isEqualTo(Map.of(D.plusDays(1).toString(), 1L, D.plusDays(2).toString(), 1L,
                D.plusDays(3).toString(), 1L, D.plusDays(4).toString(), 1L, D.plusDays(6).toString(), 1L));
        assertThat(revenue.get(D.plusDays(4).toString())).isEqualTo(700L - 1500L);
        assertThat(revenue.get(D.plusDays(3).toString())).isEqualTo(4000L);
        assertThat(analyst.get("/api/v1/analytics/capture?from=" + D + "&to=" + D + "&by=colour").errorFields())
                .containsExactly("by");
    }

    @Test
    void cohortsShowWhoCameBackInEachLaterMonth() {
        awaitKpis("", 5, 3);
        // first purchases: anna D−3, ben D−2, cara D+3, eve D+6 (New York); anna bought again on D+1 and D+2
        Map<String, LocalDate[]> people = Map.of(
                "anna", new LocalDate[]{D.minusDays(3), D.plusDays(1), D.plusDays(2)},
                "ben", new LocalDate[]{D.minusDays(2)},
                "cara", new LocalDate[]{D.plusDays(3)},
                "eve", new LocalDate[]{D.plusDays(6)});
        java.util.TreeMap<java.time.YearMonth, List<String>> expected = new java.util.TreeMap<>();
        people.forEach((name, days) -> expected.computeIfAbsent(java.time.YearMonth.from(days[0]),
                k -> new java.util.ArrayList<>()).add(name));

        JsonNode cohorts = analyst.get("/api/v1/analytics/cohorts?from=" + D.minusDays(7) + "&to=" + D.plusDays(6))
                .json();

        assertThat(cohorts).hasSize(expected.size());
        int i = 0;
        java.time.YearMonth lastMonth = java.time.YearMonth.from(D.plusDays(6));
        for (var cohort : expected.entrySet()) {
            JsonNode row = cohorts.get(i++);
            assertThat(row.get("period").asString()).isEqualTo(cohort.getKey().toString());
            assertThat(row.get("customers").asLong()).isEqualTo(cohort.getValue().size());
            int k = 0;
            for (var month = cohort.getKey(); !month.isAfter(lastMonth); month = month.plusMonths(1)) {
                var m = month;
                long back = cohort.getValue().stream().filter(name -> java.util.Arrays.stream(people.get(name))
                        .anyMatch(day -> java.time.YearMonth.from(day).equals(m))).count();
                assertThat(row.get("retention").get(k++).asDouble())
                        .isEqualTo((double) back / cohort.getValue().size());
            }
            assertThat(row.get("retention")).hasSize(k);
        }
    }

    @Test
    void cohortsOfEveryStoreCountWhomTheStoresOneByOneCountWhenNoOneBuysInTwo() {
        awaitKpis("", 5, 3);
        for (String grain : List.of("month", "week")) {
            String period = "/api/v1/analytics/cohorts?from=" + D.minusDays(2) + "&to=" + D.plusDays(6) + "&grain="
                    + grain;
            Map<String, Long> together = members(analyst.get(period).json());
            Map<String, Long> oneByOne = new HashMap<>();
            for (String store : List.of("BER-1", "NYC-1")) {
                members(analyst.get(period + "&store=" + store).json())
                        .forEach((cohort, customers) -> oneByOne.merge(cohort, customers, Long::sum));
            }
            // ben, cara and eve; anna first bought before the period, so she is in no cohort though she came back
            assertThat(together).as(grain).isEqualTo(oneByOne);
            assertThat(together.values().stream().mapToLong(Long::longValue).sum()).as(grain).isEqualTo(3);
        }
    }

    private static Map<String, Long> members(JsonNode cohorts) {
        Map<String, Long> members = new HashMap<>();
        cohorts.forEach(c -> members.put(c.get("period").asString(), c.get("customers").asLong()));
        return members;
    }

    @Test
    void badPeriodsAreRefusedNamingTheField() {
        assertThat(analyst.get("/api/v1/analytics/kpis?from=2026-02-30&to=2026-03-01").errorFields())
                .containsExactly("from");
        assertThat(analyst.get("/api/v1/analytics/kpis?from=2026-03-02&to=2026-03-01").errorFields())
                .containsExactly("to");
        assertThat(analyst.get("/api/v1/analytics/kpis?to=2026-03-01").errorFields()).containsExactly("from");
        assertThat(analyst.get("/api/v1/analytics/kpis?from=2020-01-01&to=2026-03-01").errorFields())
                .containsExactly("to");
        assertThat(analyst.get(path("&store=NOPE")).errorFields()).containsExactly("store");
        assertThat(till.get(path("")).status()).isEqualTo(403);
    }

    @Test
    void theLifetimeFitIsRefusedForBadDaysAndAbsentWithTooFewRepeatBuyers() {
        assertThat(analyst.get("/api/v1/analytics/lifetime?to=2026-13-01").errorFields()).containsExactly("to");
        assertThat(analyst.get("/api/v1/analytics/lifetime").errorFields()).containsExactly("to");
        assertThat(analyst.get("/api/v1/analytics/lifetime?to=" + D + "&store=NOPE").errorFields())
                .containsExactly("store");
        assertThat(till.get("/api/v1/analytics/lifetime?to=" + D).status()).isEqualTo(403);
        awaitKpis("", 5, 3);
        assertThat(analyst.get("/api/v1/analytics/lifetime?to=" + D.plusDays(6)).status())
                .as("one customer bought again: nothing to fit").isEqualTo(204);
    }

    private JsonNode awaitKpis(String query, long sales, long customers) {
        long deadline = System.currentTimeMillis() + 30_000;
        JsonNode kpis;
        do {
            var response = analyst.get(path(query));
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            kpis = response.json();
            if (kpis.get("sales").asLong() == sales && kpis.get("customers").asLong() == customers) {
                return kpis;
            }
            sleep();
        } while (System.currentTimeMillis() < deadline);
        return kpis;
    }

    private static String path(String query) {
        return "/api/v1/analytics/kpis?from=" + D + "&to=" + D.plusDays(6) + query;
    }

    private static Map<String, Long> money(JsonNode list) {
        Map<String, Long> amounts = new HashMap<>();
        list.forEach(m -> amounts.put(m.get("currency").asString(), m.get("amount").asLong()));
        return amounts;
    }

    private void sale(String id, String store, LocalDate day, String time, String currency, long total,
                      String email) {
        Map<String, Object> sale = new HashMap<>();
        sale.put("transactionId", id);
        sale.put("store", store);
        sale.put("register", "R1");
        sale.put("occurredAt", day + "T" + time + ":00Z");
        sale.put("currency", currency);
        sale.put("lines", List.of(Map.of("sku", "SKU-1", "name", "Thing", "quantity", 1, "unitPrice", total)));
        sale.put("total", total);
        if (email != null) {
            sale.put("customer", Map.of("email", email));
        }
        var response = till.post("/api/v1/transactions", sale);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private void reversal(String type, String id, String original, String store, LocalDate day, String currency,
                          long total) {
        var response = till.post("/api/v1/transactions", Map.of("transactionId", id, "type", type,
                "originalTransactionId", original, "store", store, "occurredAt", day + "T15:00:00Z",
                "currency", currency, "total", total));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.footbridge.audiences;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import io.footbridge.analytics.Lifetimes;
import io.footbridge.analytics.PersonLifetimes;
import io.footbridge.analytics.clv.LifetimeValues;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.footbridge.audiences.SegmentsTestSupport.await;
import static io.footbridge.audiences.SegmentsTestSupport.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Lifetime value and activity probability as conditions: the per-person values analytics keeps equal a direct fit
 * of the same purchases, segments pick by them, and members follow when a refresh changes the values.
 */
class LifetimeSegmentTests extends ApiTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    @Autowired
    private PersonLifetimes personLifetimes;

    @Autowired
    private Lifetimes lifetimes;

    private final List<LifetimeValues.Purchase> purchases = new ArrayList<>();

    @Test
    void segmentsPickPeopleByTheirLifetimeValueAndFollowTheRefresh() {
        TestTenant tenant = newTenant();
        tenant.createStore("BER-1");
        ApiClient admin = tenant.admin();
        ApiClient till = anonymous.bearer(tenant.createKey("till", null, "pos"));
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, UUID> people = new HashMap<>();
        // buyer k buys k times, 3 days apart, the last time k days ago, 700 × k cents (+ 100 × i) each time
        for (int k = 1; k <= 8; k++) {
            String email = "lt" + k + "-" + run + "@example.com";
            for (int i = 0; i < k; i++) {
                sale(till, email, "T" + k + "-" + i + "-" + run, TODAY.minusDays(k + 3L * i), 700L * k + 100L * i);
            }
            people.put(email, person(jdbc, tenant.id(), email));
        }
        awaitRollup(tenant.id(), 36);
        // segments count only the people their own projection knows: it follows the capture log on its own
        await(() -> admin.post("/api/v1/segments/preview", Map.of("rule", Map.of("event",
                        Map.of("type", "pos.purchase")))).json().get("size").asLong() == 8,
                Duration.ofSeconds(30), "segments know all eight buyers");
        for (LifetimeValues.Purchase p : new ArrayList<>(purchases)) {
            purchases.set(purchases.indexOf(p), new LifetimeValues.Purchase(people.get(p.customer()).toString(),
                    p.day(), p.amount()));
        }

        // the hourly refresh of all tenants may have caught this one halfway through its sales, and may still be
        // writing what it read then: the refresh made now reads every sale, and its values are the ones kept
        Instant settled = Instant.now();
        personLifetimes.refresh(tenant.id(), TODAY);
        Map<String, Object> everyone = Map.of("rule", Map.of("clv", Map.of("currency", "EUR", "atLeast", 0)));
        await(() -> {
            var all = admin.post("/api/v1/segments/preview", everyone);
            assertThat(all.status()).as(all.toString()).isEqualTo(200);
            return all.json().has("computedAt")
                    && !Instant.parse(all.json().get("computedAt").asString()).isBefore(settled);
        }, Duration.ofSeconds(20), "segments copy the values read after the last sale");
        var all = admin.post("/api/v1/segments/preview", everyone);
        assertThat(all.json().get("size").asLong()).isEqualTo(8);
        assertThat(all.json().get("pending").asBoolean()).isFalse();

        Map<UUID, PersonLifetimes.PersonLifetime> kept = personLifetimes.of(tenant.id()).stream()
                .collect(Collectors.toMap(PersonLifetimes.PersonLifetime::personId, v -> v));
        assertThat(kept).hasSize(8);
        assertThat(kept.values()).allMatch(v -> v.currency().equals("EUR"));
        // fitted in the same order as the refresh does (customer, then day): the optimiser's result depends on it
        List<LifetimeValues.Purchase> ordered = new ArrayList<>(purchases);
        ordered.sort(java.util.Comparator.comparing(LifetimeValues.Purchase::customer)
                .thenComparing(LifetimeValues.Purchase::day));
        List<LifetimeValues.CustomerValue> direct = LifetimeValues.perCustomer(ordered, TODAY,
                Lifetimes.HORIZON_WEEKS).orElseThrow();
        assertThat(direct).hasSize(8);
        for (LifetimeValues.CustomerValue v : direct) {
            PersonLifetimes.PersonLifetime row = kept.get(UUID.fromString(v.customer()));
            assertThat(row.clv()).as("clv of %s", v.customer()).isEqualTo(Math.round(v.value()));
            assertThat(row.activeProbability()).isCloseTo(v.activeProbability(), within(1e-12));
        }
        // and together they are what the tenant's lifetime-value figure says (which fits the rows in the order the
        // database returns them: equal up to the optimiser's tolerance)
        Lifetimes.LifetimeValue fit = lifetimes.of(tenant.id(), null, TODAY).orElseThrow();
        assertThat((double) kept.values().stream().mapToLong(PersonLifetimes.PersonLifetime::clv).sum())
                .isCloseTo(fit.expectedTotal(), within(8 + 1e-3 * fit.expectedTotal()));

        List<Long> values = kept.values().stream().map(PersonLifetimes.PersonLifetime::clv).sorted().toList();
        long threshold = values.get(4);
        String valuable = admin.post("/api/v1/segments", Map.of("name", "Valuable", "rule", Map.of("clv",
                Map.of("currency", "EUR", "atLeast", threshold)))).json().get("id").asString();
        assertThat(members(admin, valuable)).isEqualTo(expected(kept, v -> v.clv() >= threshold));
        assertThat(admin.post("/api/v1/segments/preview", Map.of("rule", Map.of("clv",
                Map.of("currency", "CHF", "atLeast", 0)))).json().get("size").asLong()).isZero();
        assertThat(admin.post("/api/v1/segments/preview", Map.of("rule", Map.of("clv",
                Map.of("currency", "EUR", "atMost", threshold - 1)))).json().get("size").asLong())
                .isEqualTo(expected(kept, v -> v.clv() < threshold).size());

        double probability = kept.values().stream().mapToDouble(PersonLifetimes.PersonLifetime::activeProbability)
                .sorted().toArray()[3];
        assertThat(admin.post("/api/v1/segments/preview", Map.of("rule", Map.of("activeProbability",
                Map.of("atLeast", probability)))).json().get("size").asLong())
                .isEqualTo(expected(kept, v -> v.activeProbability() >= probability).size());
        assertThat(admin.post("/api/v1/segments/preview", Map.of("rule", Map.of("not", Map.of("activeProbability",
                Map.of("atLeast", probability, "atMost", 1))))).json().get("size").asLong())
                .isEqualTo(expected(kept, v -> v.activeProbability() < probability).size());

        // the least valuable person comes back twice with large baskets: the refresh moves them into the segment
        UUID cheapest = kept.values().stream()
                .min(java.util.Comparator.comparingLong(PersonLifetimes.PersonLifetime::clv)).orElseThrow().personId();
        String email = people.entrySet().stream().filter(e -> e.getValue().equals(cheapest)).findFirst()
                .orElseThrow().getKey();
        Set<LocalDate> bought = purchases.stream().filter(p -> p.customer().equals(cheapest.toString()))
                .map(LifetimeValues.Purchase::day).collect(Collectors.toSet());
        List<LocalDate> free = new ArrayList<>();
        for (int d = 1; free.size() < 2; d++) {
            if (!bought.contains(TODAY.minusDays(d))) {
                free.add(TODAY.minusDays(d));
            }
        }
        sale(till, email, "LATE-1-" + run, free.get(0), 500_000);
        sale(till, email, "LATE-2-" + run, free.get(1), 500_000);
        awaitRollup(tenant.id(), 38);
        assertThat(members(admin, valuable)).doesNotContain(people.get(email).toString());
        personLifetimes.refresh(tenant.id(), TODAY);
        Map<UUID, PersonLifetimes.PersonLifetime> after = personLifetimes.of(tenant.id()).stream()
                .collect(Collectors.toMap(PersonLifetimes.PersonLifetime::personId, v -> v));
        assertThat(after.get(people.get(email)).clv()).isGreaterThanOrEqualTo(threshold);
        Set<String> expectedAfter = expected(after, v -> v.clv() >= threshold);
        await(() -> members(admin, valuable).equals(expectedAfter), Duration.ofSeconds(20),
                "the segment follows the refreshed values");
        assertThat(members(admin, valuable)).contains(people.get(email).toString());
    }

    @Test
    void aRuleOnValuesNotComputedYetIsAnsweredAtOnceAndSaysSoUntilTheBackgroundHasThem() {
        TestTenant tenant = newTenant();
        ApiClient admin = tenant.admin();
        Map<String, Object> rule = Map.of("rule", Map.of("any", List.of(
                Map.of("clv", Map.of("currency", "EUR", "atLeast", 0)),
                Map.of("rfm", Map.of("recency", 5)))));
        Instant asked = Instant.now();
        var first = admin.post("/api/v1/segments/preview", rule);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().get("size").asLong()).isZero();
        // unless a background task was quicker than this request's answer
        if (!first.json().has("computedAt")) {
            assertThat(first.json().get("pending").asBoolean()).as(first.toString()).isTrue();
        }
        await(() -> !admin.post("/api/v1/segments/preview", rule).json().get("pending").asBoolean(),
                Duration.ofSeconds(30), "the background computes both attributes");
        var done = admin.post("/api/v1/segments/preview", rule);
        assertThat(Instant.parse(done.json().get("computedAt").asString())).isAfterOrEqualTo(asked.minusSeconds(1));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM segment_attribute WHERE tenant_id = :t AND computed_at IS NOT NULL")
                .param("t", tenant.id()).query(Long.class).single()).isEqualTo(2);
        // fresh values are not asked for again
        assertThat(admin.post("/api/v1/segments/preview", rule).json().get("pending").asBoolean()).isFalse();
    }

    @Test
    void aRefreshThatReadThePurchasesBeforeTheValuesKeptDoesNotReplaceThem() {
        TestTenant tenant = newTenant();
        UUID someone = UUID.randomUUID();
        Instant later = Instant.now().plusSeconds(3600);
        jdbc.sql("""
                        INSERT INTO analytics_lifetime_refresh (tenant_id, through_day, refreshed_at)
                        VALUES (:t, :day, :at)
                        """).param("t", tenant.id()).param("day", TODAY)
                .param("at", java.time.OffsetDateTime.ofInstant(later, ZoneOffset.UTC)).update();
        jdbc.sql("""
                        INSERT INTO analytics_person_lifetime (tenant_id, person_id, currency, clv, active_probability)
                        VALUES (:t, :p, 'EUR', 1234, 0.5)
                        """).param("t", tenant.id()).param("p", someone).update();
        // this tenant has no purchases: a refresh that wrote would leave no values
        personLifetimes.refresh(tenant.id(), TODAY);
        assertThat(personLifetimes.of(tenant.id())).containsExactly(
                new PersonLifetimes.PersonLifetime(someone, "EUR", 1234, 0.5));
        // the later mark stays (to the database's precision, which may round rather than cut the nanoseconds)
        assertThat(personLifetimes.refreshedAt(tenant.id()).orElseThrow()).isCloseTo(later,
                within(1, ChronoUnit.MILLIS));
    }

    @Test
    void badConditionsAreRefusedNamingTheField() {
        TestTenant tenant = newTenant();
        ApiClient admin = tenant.admin();
        Map<Object, String> cases = new HashMap<>();
        cases.put(Map.of("clv", Map.of("atLeast", 100)), "rule.clv.currency");
        cases.put(Map.of("clv", Map.of("currency", "euro", "atLeast", 100)), "rule.clv.currency");
        cases.put(Map.of("clv", Map.of("currency", "EUR")), "rule.clv.atLeast");
        cases.put(Map.of("clv", Map.of("currency", "EUR", "atLeast", -1)), "rule.clv.atLeast");
        cases.put(Map.of("clv", Map.of("currency", "EUR", "atLeast", "lots")), "rule.clv.atLeast");
        cases.put(Map.of("clv", Map.of("currency", "EUR", "atLeast", 10, "atMost", 5)), "rule.clv.atMost");
        cases.put(Map.of("clv", Map.of("currency", "EUR", "atLeast", 10, "min", 5)), "rule.clv.min");
        cases.put(Map.of("activeProbability", Map.of()), "rule.activeProbability.atLeast");
        cases.put(Map.of("activeProbability", Map.of("atLeast", 1.5)), "rule.activeProbability.atLeast");
        cases.put(Map.of("activeProbability", Map.of("atMost", "high")), "rule.activeProbability.atMost");
        cases.put(Map.of("activeProbability", Map.of("atLeast", 0.8, "atMost", 0.2)),
                "rule.activeProbability.atMost");
        cases.put(Map.of("activeProbability", 0.5), "rule.activeProbability");
        cases.forEach((rule, field) -> {
            var response = admin.post("/api/v1/segments/preview", Map.of("rule", rule));
            assertThat(response.status()).as("%s: %s", rule, response).isEqualTo(400);
            assertThat(response.errorFields()).as("%s", rule).containsExactly(field);
        });
    }

    private void sale(ApiClient till, String email, String id, LocalDate day, long total) {
        var response = till.post("/api/v1/transactions", Map.of("transactionId", id, "store", "BER-1",
                "register", "R1", "occurredAt", day + "T12:00:00Z", "currency", "EUR", "total", total,
                "customer", Map.of("email", email),
                "lines", List.of(Map.of("sku", "SKU-1", "name", "Thing", "quantity", 1, "unitPrice", total))));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        purchases.add(new LifetimeValues.Purchase(email, day, total));
    }

    private void awaitRollup(UUID tenantId, long sales) {
        await(() -> jdbc.sql("""
                        SELECT COALESCE(SUM(purchases), 0) FROM analytics_person_day WHERE tenant_id = :t
                        """).param("t", tenantId).query(Long.class).single() == sales,
                Duration.ofSeconds(30), "analytics knows every sale's buyer");
    }

    private static Set<String> members(ApiClient admin, String segment) {
        Set<String> ids = new HashSet<>();
        admin.get("/api/v1/segments/" + segment + "/members?limit=100").json().get("items")
                .forEach(n -> ids.add(n.asString()));
        return ids;
    }

    private static Set<String> expected(Map<UUID, PersonLifetimes.PersonLifetime> values,
                                        java.util.function.Predicate<PersonLifetimes.PersonLifetime> test) {
        return values.values().stream().filter(test).map(v -> v.personId().toString()).collect(Collectors.toSet());
    }
}

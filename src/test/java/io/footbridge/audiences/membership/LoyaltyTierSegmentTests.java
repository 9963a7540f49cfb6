package io.footbridge.audiences.membership;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.footbridge.audiences.SegmentsTestSupport.await;
import static io.footbridge.audiences.SegmentsTestSupport.person;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loyalty tier as a condition: segments read the members' tiers through loyalty's API, pick people by them, follow
 * a member who climbs, and refuse a tier the programme does not have.
 */
class LoyaltyTierSegmentTests extends ApiTest {

    @Autowired
    private SegmentTiers tiers;

    @Test
    void segmentsPickMembersByTheirTierAndFollowAClimb() {
        TestTenant tenant = newTenant();
        tenant.createStore("BER-1");
        ApiClient admin = tenant.admin();
        ApiClient till = anonymous.bearer(tenant.createKey("till", null, "pos"));
        var programme = admin.put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1,
                "unit", 100, "tiers", List.of(Map.of("name", "Silver", "threshold", 15),
                        Map.of("name", "Gold", "threshold", 35))));
        assertThat(programme.status()).as(programme.toString()).isEqualTo(200);
        String run = UUID.randomUUID().toString().substring(0, 8);
        // points per euro: 50 reach Gold, 20 Silver, 5 no tier
        Map<String, Long> spent = Map.of("gold", 5000L, "silver", 2000L, "none", 500L);
        Map<String, UUID> people = new HashMap<>();
        spent.forEach((who, total) -> sale(till, who, run, "1", total));
        spent.keySet().forEach(who -> people.put(who, person(jdbc, tenant.id(), who + "-" + run + "@example.com")));
        await(() -> "Gold".equals(admin.get("/api/v1/loyalty/members?loyaltyId=" + number(run, "gold")).json()
                        .path("tier").asString())
                        && "Silver".equals(admin.get("/api/v1/loyalty/members?loyaltyId=" + number(run, "silver")).json()
                        .path("tier").asString()),
                Duration.ofSeconds(30), "loyalty gives the tiers");
        await(() -> admin.post("/api/v1/segments/preview", Map.of("rule", Map.of("event",
                        Map.of("type", "pos.purchase")))).json().get("size").asLong() == 3,
                Duration.ofSeconds(30), "segments know the three buyers");

        var created = admin.post("/api/v1/segments", Map.of("name", "Gold members", "rule",
                Map.of("loyaltyTier", Map.of("name", "Gold"))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String gold = created.json().get("id").asString();
        // the save asked for the tiers, which a background task copies; the segment follows
        await(() -> members(admin, gold).equals(Set.of(people.get("gold").toString())), Duration.ofSeconds(30),
                "the gold member enters");
        Map<String, Object> silverOrGold = Map.of("rule", Map.of("loyaltyTier",
                Map.of("names", List.of("Silver", "Gold"))));
        var preview = admin.post("/api/v1/segments/preview", silverOrGold).json();
        assertThat(preview.get("size").asLong()).isEqualTo(2);
        assertThat(preview.get("pending").asBoolean()).isFalse();
        assertThat(preview.has("computedAt")).isTrue();
        assertThat(admin.post("/api/v1/segments/preview", Map.of("rule", Map.of("not", Map.of("loyaltyTier",
                Map.of("name", "Silver"))))).json().get("size").asLong()).isEqualTo(2);

        // the silver member buys again and reaches Gold: the next copy of the tiers moves them into the segment
        sale(till, "silver", run, "2", 2000);
        await(() -> "Gold".equals(admin.get("/api/v1/loyalty/members?loyaltyId=" + number(run, "silver")).json()
                .path("tier").asString()), Duration.ofSeconds(30), "loyalty raises the tier");
        tiers.refresh(tenant.id());
        await(() -> members(admin, gold).equals(Set.of(people.get("gold").toString(),
                        people.get("silver").toString())), Duration.ofSeconds(10), "the climber enters");
        assertThat(admin.get("/api/v1/segments/" + gold + "/changes?limit=10").json().get("items").size())
                .isEqualTo(2);
    }

    @Test
    void aTierTheProgrammeDoesNotHaveIsRefusedNamingThePlace() {
        TestTenant tenant = newTenant();
        ApiClient admin = tenant.admin();
        var none = admin.post("/api/v1/segments/preview", Map.of("rule", Map.of("loyaltyTier",
                Map.of("name", "Gold"))));
        assertThat(none.status()).as(none.toString()).isEqualTo(400);
        assertThat(none.errorFields()).containsExactly("rule.loyaltyTier.name");
        assertThat(admin.put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1, "unit", 100,
                "tiers", List.of(Map.of("name", "Silver", "threshold", 15)))).status()).isEqualTo(200);
        Map<Object, String> cases = new HashMap<>();
        cases.put(Map.of("loyaltyTier", Map.of("name", "Gold")), "rule.loyaltyTier.name");
        cases.put(Map.of("loyaltyTier", Map.of()), "rule.loyaltyTier.name");
        cases.put(Map.of("loyaltyTier", Map.of("name", "Silver", "names", List.of("Silver"))),
                "rule.loyaltyTier.name");
        cases.put(Map.of("loyaltyTier", Map.of("names", List.of())), "rule.loyaltyTier.names");
        cases.put(Map.of("loyaltyTier", Map.of("names", List.of("Silver", 3))), "rule.loyaltyTier.names[1]");
        cases.put(Map.of("loyaltyTier", Map.of("tier", "Silver")), "rule.loyaltyTier.tier");
        cases.put(Map.of("all", List.of(Map.of("loyaltyTier", Map.of("names", List.of("Silver", "Bronze"))))),
                "rule.all[0].loyaltyTier.names[1]");
        cases.forEach((rule, field) -> {
            var response = admin.post("/api/v1/segments/preview", Map.of("rule", rule));
            assertThat(response.status()).as("%s: %s", rule, response).isEqualTo(400);
            assertThat(response.errorFields()).as("%s", rule).containsExactly(field);
        });
        var created = admin.post("/api/v1/segments", Map.of("name", "No such tier", "rule",
                Map.of("loyaltyTier", Map.of("name", "Platinum"))));
        assertThat(created.status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/segments").json().get("items").size()).isZero();
    }

    private static String number(String run, String who) {
        return ("L" + run + who).toUpperCase();
    }

    private static void sale(ApiClient till, String who, String run, String n, long total) {
        var response = till.post("/api/v1/transactions", Map.of("transactionId", "T-" + who + "-" + run + "-" + n,
                "store", "BER-1", "register", "R1",
                "occurredAt", LocalDate.now(ZoneOffset.UTC).minusDays(1) + "T12:00:00Z", "currency", "EUR",
                "total", total, "customer", Map.of("email", who + "-" + run + "@example.com",
                        "loyaltyId", number(run, who)),
                "lines", List.of(Map.of("sku", "SKU-1", "name", "Thing", "quantity", 1, "unitPrice", total))));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private static Set<String> members(ApiClient admin, String segment) {
        Set<String> ids = new HashSet<>();
        admin.get("/api/v1/segments/" + segment + "/members?limit=100").json().get("items")
                .forEach(n -> ids.add(n.asString()));
        return ids;
    }
}

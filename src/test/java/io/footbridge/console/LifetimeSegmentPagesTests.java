package io.footbridge.console;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The builder offers the lifetime-value and loyalty-tier conditions as examples and counts them, with problems at
 * their place.
 */
class LifetimeSegmentPagesTests extends ApiTest {

    @Test
    void theBuilderStartsFromALifetimeValueExampleAndCountsIt() {
        TestTenant tenant = newTenant();
        ConsoleClient console = new ConsoleClient(port);
        assertThat(console.login(tenant.adminEmail(), PASSWORD).statusCode()).isEqualTo(302);

        String page = console.get("/console/segments/new?example=slipping").body();
        assertThat(page).contains("Valuable (lifetime value)").contains("Valuable but slipping away")
                .contains("activeProbability").contains("&quot;clv&quot;");
        String token = ConsoleClient.csrf(page);
        assertThat(console.post("/console/segments/preview", token, Map.of("rule",
                "{\"clv\": {\"currency\": \"EUR\", \"atLeast\": 20000}}")).body()).contains("0 people")
                // a new tenant has no values yet: the page says they are on their way rather than waiting for them
                .contains("Newer values are being computed");
        assertThat(console.post("/console/segments/preview", token, Map.of("rule",
                "{\"activeProbability\": {\"atLeast\": 2}}")).body()).contains("rule.activeProbability.atLeast");
        assertThat(console.post("/console/segments/preview", token, Map.of("rule",
                "{\"clv\": {\"atLeast\": 100}}")).body()).contains("rule.clv.currency");

        // the loyalty-tier example, with the programme's tiers named beside the rule
        assertThat(tenant.admin().put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1,
                "unit", 100, "tiers", java.util.List.of(Map.of("name", "Silver", "threshold", 15),
                        Map.of("name", "Gold", "threshold", 35)))).status()).isEqualTo(200);
        String tierPage = console.get("/console/segments/new?example=tier").body();
        assertThat(tierPage).contains("Gold members (loyalty tier)").contains("&quot;loyaltyTier&quot;")
                .contains("Tiers of your loyalty programme for loyaltyTier: Silver, Gold");
        assertThat(console.post("/console/segments/preview", token, Map.of("rule",
                "{\"loyaltyTier\": {\"name\": \"Bronze\"}}")).body()).contains("rule.loyaltyTier.name");
    }
}

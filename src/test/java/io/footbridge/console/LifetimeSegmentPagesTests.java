package io.footbridge.console;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The builder offers the lifetime-value conditions as examples and counts them, with problems at their place. */
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
                "{\"clv\": {\"currency\": \"EUR\", \"atLeast\": 20000}}")).body()).contains("0 people");
        assertThat(console.post("/console/segments/preview", token, Map.of("rule",
                "{\"activeProbability\": {\"atLeast\": 2}}")).body()).contains("rule.activeProbability.atLeast");
        assertThat(console.post("/console/segments/preview", token, Map.of("rule",
                "{\"clv\": {\"atLeast\": 100}}")).body()).contains("rule.clv.currency");
    }
}

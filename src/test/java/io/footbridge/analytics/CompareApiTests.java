package io.footbridge.analytics;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The comparison engine against values worked out by hand (and checked with SciPy's ttest_ind, norm and
 * chisquare).
 */
class CompareApiTests extends ApiTest {

    private ApiClient analyst;

    @BeforeEach
    void setUp() {
        TestTenant tenant = newTenant();
        analyst = anonymous.bearer(tenant.createKey("analyst", null, "analytics:read"));
    }

    @Test
    void conversionLiftWithItsDeltaMethodIntervalAndTwoProportionPValue() {
        JsonNode result = analyst.post("/api/v1/analytics/compare", """
                {"groups": [{"name": "control", "members": 1000, "conversions": 200},
                            {"name": "treatment", "members": 1000, "conversions": 250}]}""").json();

        assertThat(result.get("control").asString()).isEqualTo("control");
        JsonNode control = result.get("groups").get(0);
        assertThat(control.get("conversionRate").asDouble()).isEqualTo(0.2);
        assertThat(control.has("lift")).isFalse();
        JsonNode treatment = result.get("groups").get(1);
        // 0.25 / 0.20 − 1
        assertThat(treatment.get("lift").asDouble()).isCloseTo(0.25, within(1e-12));
        // var = vₜ/c² + t²·v꜀/c⁴ = 0.0001875/0.04 + 0.0625·0.00016/0.0016 = 0.0109375; 1.959964 · √var = 0.204977
        assertThat(treatment.get("ci95").get(0).asDouble()).isCloseTo(0.045023, within(1e-5));
        assertThat(treatment.get("ci95").get(1).asDouble()).isCloseTo(0.454977, within(1e-5));
        // z = 0.05 / √(0.225 · 0.775 · 0.002) = 2.6774
        assertThat(treatment.get("pValue").asDouble()).isCloseTo(0.0074196, within(1e-6));
        assertThat(result.get("sampleRatio").get("pValue").asDouble()).isCloseTo(1.0, within(1e-12));
        assertThat(result.get("sampleRatio").get("mismatch").asBoolean()).isFalse();
    }

    @Test
    void revenuePerMemberIsComparedWithWelchsTest() {
        // control's members spent 0, 10, 20, 30; the treatment's 10, 20, 30, 40
        JsonNode result = analyst.post("/api/v1/analytics/compare", """
                {"groups": [{"name": "holdout", "members": 4, "conversions": 3, "revenue": 60, "revenueSquares": 1400},
                            {"name": "offer", "members": 4, "conversions": 4, "revenue": 100, "revenueSquares": 3000}],
                 "control": "holdout"}""").json();

        JsonNode offer = result.get("groups").get(1);
        assertThat(offer.get("revenuePerMember").asDouble()).isEqualTo(25.0);
        assertThat(offer.get("revenue").get("lift").asDouble()).isCloseTo(10.0 / 15, within(1e-12));
        // t = 1.0954, 6 degrees of freedom
        assertThat(offer.get("revenue").get("pValue").asDouble()).isCloseTo(0.3153336, within(1e-6));
    }

    @Test
    void aBrokenSplitIsFlaggedAsASampleRatioMismatch() {
        JsonNode even = analyst.post("/api/v1/analytics/compare", Map.of("groups", List.of(
                Map.of("name", "control", "members", 1000, "conversions", 100),
                Map.of("name", "treatment", "members", 1200, "conversions", 120)))).json();
        // χ² = 2 · 100² / 1100 = 18.18
        assertThat(even.get("sampleRatio").get("pValue").asDouble()).isCloseTo(2.0079e-5, within(1e-8));
        assertThat(even.get("sampleRatio").get("mismatch").asBoolean()).isTrue();

        JsonNode meant = analyst.post("/api/v1/analytics/compare", Map.of("groups", List.of(
                Map.of("name", "control", "members", 1000, "conversions", 100, "expectedShare", 0.1),
                Map.of("name", "treatment", "members", 9000, "conversions", 950, "expectedShare", 0.9)))).json();
        assertThat(meant.get("sampleRatio").get("mismatch").asBoolean()).isFalse();
    }

    @Test
    void theSequentialIntervalIsWiderAndStaysValidForEveryLook() {
        String groups = """
                "groups": [{"name": "control", "members": 5000, "conversions": 500},
                           {"name": "treatment", "members": 5000, "conversions": 580}]""";
        JsonNode fixed = analyst.post("/api/v1/analytics/compare", "{" + groups + "}").json().get("groups").get(1);
        JsonNode sequential = analyst.post("/api/v1/analytics/compare", "{" + groups + ", \"sequential\": true}")
                .json().get("groups").get(1);

        assertThat(sequential.get("lift").asDouble()).isEqualTo(fixed.get("lift").asDouble());
        assertThat(sequential.get("ci95").get(0).asDouble()).isLessThan(fixed.get("ci95").get(0).asDouble());
        assertThat(sequential.get("ci95").get(1).asDouble()).isGreaterThan(fixed.get("ci95").get(1).asDouble());
        assertThat(sequential.get("pValue").asDouble()).isGreaterThan(fixed.get("pValue").asDouble());
        // the p-value is where the interval touches no lift: below 0.05 exactly when the interval excludes 0
        assertThat(sequential.get("pValue").asDouble() < 0.05)
                .isEqualTo(sequential.get("ci95").get(0).asDouble() > 0);
    }

    @Test
    void badCountsAreRefusedNamingTheField() {
        assertThat(analyst.post("/api/v1/analytics/compare", """
                {"groups": [{"name": "control", "members": 10, "conversions": 11},
                            {"name": "control", "members": 0, "conversions": 0}]}""").errorFields())
                .containsExactlyInAnyOrder("groups[0].conversions", "groups[1].name", "groups[1].members");
        assertThat(analyst.post("/api/v1/analytics/compare", """
                {"groups": [{"name": "a", "members": 10, "conversions": 1}]}""").errorFields())
                .containsExactly("groups");
        assertThat(analyst.post("/api/v1/analytics/compare", """
                {"groups": [{"name": "a", "members": 10, "conversions": 1, "revenue": 5},
                            {"name": "b", "members": 10, "conversions": 1}], "control": "c"}""").errorFields())
                .containsExactlyInAnyOrder("groups[0].revenueSquares", "groups[1].revenue", "control");
        assertThat(analyst.post("/api/v1/analytics/compare", "{\"groups\": \"many\"}").status()).isEqualTo(400);
    }

    @Test
    void aKeyWithoutAnalyticsReadIsRefused() {
        TestTenant other = newTenant();
        ApiClient pos = anonymous.bearer(other.createKey("till", null, "pos"));
        assertThat(pos.post("/api/v1/analytics/compare", """
                {"groups": [{"name": "control", "members": 10, "conversions": 1},
                            {"name": "treatment", "members": 10, "conversions": 2}]}""").status()).isEqualTo(403);
    }
}

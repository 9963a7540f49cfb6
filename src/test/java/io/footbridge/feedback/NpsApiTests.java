package io.footbridge.feedback;

import io.footbridge.ApiClient;
import io.footbridge.platform.Timestamps;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * NPS per store and month with its 95 % interval, against numbers worked out by hand:
 * NPS = 100 (p − d), margin = 196 √((p + d − (p − d)²) / n).
 */
class NpsApiTests extends FeedbackTestSupport {

    private String surveyId;
    private UUID berlin;
    private UUID hamburg;

    @BeforeEach
    void setUp() {
        shop();
        tenant.createStore("HAM-1");
        surveyId = survey(null).get("id").asString();
        berlin = storeId("BER-1");
        hamburg = storeId("HAM-1");
        // BER-1, March: 10, 10, 9, 9, 9 | 8, 7 | 6, 3, 0 → 5 promoters, 2 passives, 3 detractors
        answers(berlin, "2026-03-10T10:00:00Z", 10, 10, 9, 9, 9, 8, 7, 6, 3, 0);
        // BER-1, April: 22:30 UTC on 31 March is 00:30 on 1 April in Berlin, so it counts for April
        answers(berlin, "2026-03-31T22:30:00Z", 10);
        answers(berlin, "2026-04-12T09:00:00Z", 9, 8, 2);
        // HAM-1, March: 20 promoters, 10 passives, 10 detractors
        for (int i = 0; i < 20; i++) {
            answers(hamburg, "2026-03-05T12:00:00Z", 10);
        }
        for (int i = 0; i < 10; i++) {
            answers(hamburg, "2026-03-06T12:00:00Z", 7, 5);
        }
        // outside the window
        answers(berlin, "2026-02-28T22:59:00Z", 0);
    }

    @Test
    void npsPerStoreAndMonthWithItsConfidenceInterval() {
        JsonNode nps = marketer.get("/api/v1/feedback/nps?period=month&from=2026-02-28T23:00:00Z"
                + "&to=2026-05-01T00:00:00Z").json();

        JsonNode stores = nps.get("byStore");
        assertThat(stores).hasSize(3);
        group(stores.get(0), "BER-1", "2026-03", 10, 5, 2, 3, 20.0, 54.0, -34.0, 74.0);
        assertThat(stores.get(0).get("warning").asString()).contains("only 10 responses");
        group(stores.get(1), "BER-1", "2026-04", 4, 2, 1, 1, 25.0, 81.3, -56.3, 100.0);
        group(stores.get(2), "HAM-1", "2026-03", 40, 20, 10, 10, 25.0, 25.7, -0.7, 50.7);
        assertThat(stores.get(2).has("warning")).as("40 responses need no warning").isFalse();

        JsonNode periods = nps.get("byPeriod");
        assertThat(periods).hasSize(2);
        group(periods.get(0), null, "2026-03", 50, 25, 12, 13, 24.0, 23.2, 0.8, 47.2);
        group(nps.get("total"), null, null, 54, 27, 13, 14, 24.1, 22.3, 1.7, 46.4);
    }

    @Test
    void storeManagersSeeTheirStoreAndBadParametersAreRefused() {
        ApiClient manager = tenant.createUser("store_manager", "HAM-1");
        JsonNode nps = manager.get("/api/v1/feedback/nps?period=all&from=2026-01-01T00:00:00Z").json();
        assertThat(nps.get("byStore")).hasSize(1);
        group(nps.get("byStore").get(0), "HAM-1", "all", 40, 20, 10, 10, 25.0, 25.7, -0.7, 50.7);
        assertThat(manager.get("/api/v1/feedback/nps?store=BER-1").status()).isEqualTo(403);

        assertThat(marketer.get("/api/v1/feedback/nps?period=fortnight").errorFields()).containsExactly("period");
        assertThat(marketer.get("/api/v1/feedback/nps?from=2026-05-01T00:00:00Z&to=2026-04-01T00:00:00Z")
                .errorFields()).containsExactly("from");
        assertThat(marketer.get("/api/v1/feedback/nps?from=yesterday").errorFields()).containsExactly("from");
        assertThat(marketer.get("/api/v1/feedback/nps?store=NOPE").errorFields()).containsExactly("store");
        assertThat(marketer.get("/api/v1/feedback/nps?survey=" + UUID.randomUUID()).status()).isEqualTo(404);
        JsonNode weeks = marketer.get("/api/v1/feedback/nps?period=week&store=BER-1&from=2026-03-01T00:00:00Z"
                + "&survey=" + surveyId).json();
        assertThat(weeks.get("byStore").valueStream().map(g -> g.get("period").asString()).toList())
                .containsExactly("2026-W11", "2026-W14", "2026-W15");
        TestTenant other = newTenant();
        assertThat(other.admin().get("/api/v1/feedback/nps?from=2026-01-01T00:00:00Z").json().get("total")
                .get("responses").asLong()).isZero();
    }

    private static void group(JsonNode g, String store, String period, long n, long promoters, long passives,
                              long detractors, double nps, double margin, double low, double high) {
        if (store == null) {
            assertThat(g.has("store")).isFalse();
        } else {
            assertThat(g.get("store").asString()).isEqualTo(store);
        }
        if (period != null) {
            assertThat(g.get("period").asString()).isEqualTo(period);
        }
        assertThat(g.get("responses").asLong()).isEqualTo(n);
        assertThat(g.get("promoters").asLong()).isEqualTo(promoters);
        assertThat(g.get("passives").asLong()).isEqualTo(passives);
        assertThat(g.get("detractors").asLong()).isEqualTo(detractors);
        assertThat(g.get("nps").asDouble()).isCloseTo(nps, within(0.001));
        assertThat(g.get("marginOfError").asDouble()).isCloseTo(margin, within(0.001));
        assertThat(g.get("low").asDouble()).isCloseTo(low, within(0.001));
        assertThat(g.get("high").asDouble()).isCloseTo(high, within(0.001));
    }

    private UUID storeId(String code) {
        return jdbc.sql("SELECT id FROM store WHERE tenant_id = :t AND code = :c").param("t", tenant.id())
                .param("c", code).query(UUID.class).single();
    }

    /** Answers as the survey pages store them, at a chosen time: months ago cannot be reached through the pages. */
    private void answers(UUID store, String at, int... scores) {
        for (int score : scores) {
            jdbc.sql("""
                            INSERT INTO survey_response (id, tenant_id, survey_id, survey_version, store_id, source,
                                nonce, score, nps_group, answered_at)
                            VALUES (:id, :t, :s, 1, :store, 'link', :nonce, :score, :group, :at)
                            """)
                    .param("id", UUID.randomUUID()).param("t", tenant.id()).param("s", UUID.fromString(surveyId))
                    .param("store", store).param("nonce", UUID.randomUUID().toString()).param("score", score)
                    .param("group", score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor")
                    .param("at", Timestamps.of(Instant.parse(at))).update();
        }
    }
}

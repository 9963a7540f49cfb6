package io.footbridge.audiences;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.footbridge.audiences.SegmentsTestSupport.await;
import static io.footbridge.audiences.SegmentsTestSupport.purchase;
import static org.assertj.core.api.Assertions.assertThat;

/** RFM quintiles as a ready-made condition: computed over the tenant's buyers, ties sharing a quintile. */
class RfmSegmentTests extends ApiTest {

    @Test
    void buyersArePickedByTheirRecencyFrequencyAndMonetaryQuintiles() {
        TestTenant tenant = newTenant();
        tenant.createStore("BER-1");
        ApiClient admin = tenant.admin();
        ApiClient writer = anonymous.bearer(tenant.createKey("till", null, "events:write"));
        String run = UUID.randomUUID().toString().substring(0, 8);
        // buyer k buys k times, 4 days apart, the last time 10 - k days ago, 1000 × k cents each time
        for (int k = 1; k <= 5; k++) {
            for (int i = 0; i < k; i++) {
                purchase(writer, "b" + k + "-" + run + "@example.com", "BER-1", 1000L * k, 10 - k + (k - 1 - i) * 4,
                        "coffee", Map.of());
            }
        }
        await(() -> admin.post("/api/v1/segments/preview", Map.of("rule", Map.of("event",
                Map.of("type", "pos.purchase", "min", 1)))).json().get("size").asLong() == 5
                        && jdbc.sql("SELECT COUNT(*) FROM segment_event WHERE tenant_id = :t AND person_id IS NOT NULL")
                        .param("t", tenant.id()).query(Long.class).single() == 15,
                Duration.ofSeconds(30), "all fifteen purchases are known with their buyer");

        Map<String, Object> champions = Map.of("recency", 5, "frequency", 5, "monetary", 5);
        String best = admin.post("/api/v1/segments", Map.of("name", "Best", "rule", Map.of("rfm", champions)))
                .json().get("id").asString();
        // the save asked for the quintiles, which a background task computes; the segment follows them
        await(() -> {
                    var preview = admin.post("/api/v1/segments/preview", Map.of("rule", Map.of("rfm", champions)))
                            .json();
                    return !preview.get("pending").asBoolean() && preview.has("computedAt");
                }, Duration.ofSeconds(30), "the quintiles are computed");
        await(() -> admin.get("/api/v1/segments/" + best).json().get("size").asLong() == 1,
                Duration.ofSeconds(10), "the segment follows the quintiles");
        List<String> members = List.of(admin.get("/api/v1/segments/" + best + "/members").json().get("items")
                .get(0).asString());
        String heaviest = admin.get("/api/v1/profiles?email=b5-" + run + "%40example.com").json().get("items")
                .get(0).get("id").asString();
        assertThat(members).containsExactly(heaviest);
        assertThat(admin.post("/api/v1/segments/preview", Map.of("rule", Map.of("rfm",
                Map.of("frequency", List.of(1, 2))))).json().get("size").asLong()).isEqualTo(2);
        assertThat(admin.post("/api/v1/segments/preview", Map.of("rule", Map.of("all", List.of(
                Map.of("rfm", Map.of("monetary", List.of(4, 5))),
                Map.of("not", Map.of("rfm", Map.of("recency", 5)))))))
                .json().get("size").asLong()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM segment_rfm WHERE tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single()).isEqualTo(5);

        var six = admin.post("/api/v1/segments/preview", Map.of("rule", Map.of("rfm", Map.of("frequency", 6))));
        assertThat(six.status()).isEqualTo(400);
        assertThat(six.errorFields()).containsExactly("rule.rfm.frequency");
        var empty = admin.post("/api/v1/segments/preview", Map.of("rule", Map.of("rfm", Map.of())));
        assertThat(empty.errorFields()).containsExactly("rule.rfm");
        var unknown = admin.post("/api/v1/segments/preview", Map.of("rule", Map.of("rfm", Map.of("loyalty", 1))));
        assertThat(unknown.errorFields()).containsExactly("rule.rfm.loyalty");
    }
}

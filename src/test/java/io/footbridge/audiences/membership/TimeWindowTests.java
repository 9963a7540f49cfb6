package io.footbridge.audiences.membership;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.footbridge.audiences.SegmentsTestSupport.await;
import static io.footbridge.audiences.SegmentsTestSupport.person;
import static io.footbridge.audiences.SegmentsTestSupport.purchase;
import static org.assertj.core.api.Assertions.assertThat;

/** Time windows are honoured as time passes, by the pass over people whose events leave a window. */
class TimeWindowTests extends ApiTest {

    @Autowired
    LiveMembership live;

    @Test
    void someoneWhoStopsBuyingLeavesBoughtLastWeekAndEntersNoPurchaseLastWeekWhenTheWeekIsOver() {
        TestTenant tenant = newTenant();
        tenant.createStore("BER-1");
        ApiClient writer = anonymous.bearer(tenant.createKey("till", null, "events:write"));
        ApiClient marketer = anonymous.bearer(tenant.createKey("m", null, "segments:read", "segments:write"));
        purchase(writer, "anna@example.com", "BER-1", 500, 6.5, "coffee", Map.of());
        purchase(writer, "ben@example.com", "BER-1", 500, 1, "coffee", Map.of());
        UUID anna = person(jdbc, tenant.id(), "anna@example.com");
        person(jdbc, tenant.id(), "ben@example.com");
        String bought = marketer.post("/api/v1/segments", Map.of("name", "Bought last week", "rule",
                Map.of("event", Map.of("type", "pos.purchase", "within", "P7D")))).json().get("id").asString();
        String lapsed = marketer.post("/api/v1/segments", Map.of("name", "Lapsed", "rule",
                Map.of("all", java.util.List.of(Map.of("identifier", Map.of("type", "email")),
                        Map.of("noEvent", Map.of("type", "pos.purchase", "within", "P7D"))))))
                .json().get("id").asString();
        await(() -> size(marketer, bought) == 2, Duration.ofSeconds(20), "both bought last week");
        assertThat(size(marketer, lapsed)).isZero();

        Instant now = Instant.now();
        live.pass(now, now.plus(Duration.ofDays(1)));

        assertThat(size(marketer, bought)).isEqualTo(1);
        assertThat(size(marketer, lapsed)).isEqualTo(1);
        assertThat(marketer.get("/api/v1/segments/" + lapsed + "/members").json().get("items").get(0).asString())
                .isEqualTo(anna.toString());
        var left = marketer.get("/api/v1/segments/" + bought + "/changes").json().get("items").get(0);
        assertThat(left.get("personId").asString()).isEqualTo(anna.toString());
        assertThat(left.get("entered").asBoolean()).isFalse();
    }

    private static long size(ApiClient client, String id) {
        return client.get("/api/v1/segments/" + id).json().get("size").asLong();
    }
}

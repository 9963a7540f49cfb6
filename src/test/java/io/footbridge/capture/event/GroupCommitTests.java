package io.footbridge.capture.event;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import io.footbridge.capture.CapturedEventsProbe;
import io.footbridge.capture.TouchpointsCaptured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single events arriving while a write is under way share the next transaction, and each caller still gets the
 * answer it would have got alone, only after that transaction has committed. The first write is held inside its
 * transaction (at its announcement, on the writer's thread) so that the others queue up behind it for certain.
 */
class GroupCommitTests extends ApiTest {

    @Autowired
    CapturedEventsProbe probe;

    @Autowired
    EventGroups groups;

    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    private static Map<String, Object> event(String eventId) {
        Map<String, Object> event = new HashMap<>();
        event.put("eventId", eventId);
        event.put("type", "qr.scan");
        event.put("occurredAt", Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS).toString());
        event.put("store", "BER-1");
        event.put("identifiers", Map.of("anonymousId", "visitor-" + eventId));
        return event;
    }

    private long stored(UUID tenantId) {
        return jdbc.sql("SELECT COUNT(*) FROM capture_event WHERE tenant_id = :t").param("t", tenantId)
                .query(Long.class).single();
    }

    @Test
    void singleEventsArrivingTogetherShareOneTransactionAndEachIsAnsweredAsIfAlone() throws Exception {
        TestTenant first = newTenant();
        first.createStore("BER-1");
        ApiClient a = anonymous.bearer(first.createKey("app", null, "events:write", "events:read"));
        TestTenant second = newTenant();
        second.createStore("BER-1");
        ApiClient b = anonymous.bearer(second.createKey("app", null, "events:write", "events:read"));

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            ids.add("e-" + UUID.randomUUID());
        }
        String copied = "copied-" + UUID.randomUUID();
        Future<ApiClient.Response> blocker;
        List<Future<ApiClient.Response>> fresh = new ArrayList<>();
        List<Future<ApiClient.Response>> copies = new ArrayList<>();
        List<Future<ApiClient.Response>> otherTenant = new ArrayList<>();
        ApiClient.Response invalid;
        int before;
        try (CapturedEventsProbe.Hold hold = probe.hold(first.id())) {
            blocker = callers.submit(() -> a.post("/api/v1/events", event("blocker-" + UUID.randomUUID())));
            assertThat(hold.awaitReached()).as("the first write reached its announcement").isTrue();
            before = probe.received().size();

            for (String id : ids) {
                fresh.add(callers.submit(() -> a.post("/api/v1/events", event(id))));
            }
            for (int i = 0; i < 3; i++) {
                copies.add(callers.submit(() -> a.post("/api/v1/events", event(copied))));
            }
            // the same ids in another tenant are other events
            for (String id : ids.subList(0, 2)) {
                otherTenant.add(callers.submit(() -> b.post("/api/v1/events", event(id))));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (groups.queued() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(groups.queued()).as("events waiting for the next group").isGreaterThanOrEqualTo(20);

            // validated before it could join a group: answered at once, while the group is still held
            Map<String, Object> unknownType = event("bad-" + UUID.randomUUID());
            unknownType.put("type", "teleport");
            invalid = a.post("/api/v1/events", unknownType);

            assertThat(blocker.isDone()).as("answered before its transaction committed").isFalse();
            assertThat(fresh).noneMatch(Future::isDone);
            assertThat(stored(second.id())).as("nothing of the next group written yet").isZero();
        }

        assertThat(invalid.status()).as(invalid.toString()).isEqualTo(400);
        assertThat(invalid.errorFields()).containsExactly("type");
        assertThat(blocker.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
        for (Future<ApiClient.Response> answer : fresh) {
            var response = answer.get(30, TimeUnit.SECONDS);
            assertThat(response.status()).as(response.toString()).isEqualTo(201);
            assertThat(response.json().get("status").asString()).isEqualTo("accepted");
        }
        List<Integer> copyStatuses = new ArrayList<>();
        for (Future<ApiClient.Response> answer : copies) {
            copyStatuses.add(answer.get(30, TimeUnit.SECONDS).status());
        }
        assertThat(copyStatuses).containsOnlyOnce(201).containsOnly(201, 200);
        for (Future<ApiClient.Response> answer : otherTenant) {
            assertThat(answer.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
        }

        assertThat(stored(first.id())).isEqualTo(1 + 15 + 1);
        assertThat(stored(second.id())).isEqualTo(2);
        List<TouchpointsCaptured> announced = probe.received().subList(before, probe.received().size());
        assertThat(announced).as("one announcement per tenant for the whole group")
                .filteredOn(e -> e.tenantId().equals(first.id())).singleElement()
                .satisfies(e -> assertThat(e.count()).isEqualTo(16));
        assertThat(announced).filteredOn(e -> e.tenantId().equals(second.id())).singleElement()
                .satisfies(e -> assertThat(e.count()).isEqualTo(2));
        var listed = b.get("/api/v1/events?limit=10").json().get("items");
        assertThat(listed).hasSize(2);
    }

    @Test
    void aScanJoinsTheGroupCommitAndIsKeptBeforeItsRedirect() {
        TestTenant tenant = newTenant();
        tenant.createStore("BER-1");
        var placement = tenant.admin().post("/api/v1/placements", Map.of("store", "BER-1", "kind", "shelf",
                "label", "Shelf", "destination", "https://shop.example.com/"));
        assertThat(placement.status()).as(placement.toString()).isEqualTo(201);
        String visitor = UUID.randomUUID().toString();
        long groupsBefore = groups.written();

        var scan = anonymous.send(anonymous.request("/q/" + placement.json().get("code").asString())
                .header("Cookie", "fb_aid=" + visitor).header("User-Agent", "Mozilla/5.0 (iPhone)").GET());

        assertThat(scan.status()).isEqualTo(302);
        assertThat(groups.written()).as("written by the group writer").isGreaterThan(groupsBefore);
        assertThat(jdbc.sql("SELECT identifiers FROM capture_event WHERE tenant_id = :t AND type = 'qr.scan'")
                .param("t", tenant.id()).query(String.class).list()).singleElement().asString().contains(visitor);
    }
}

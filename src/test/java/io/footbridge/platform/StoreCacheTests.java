package io.footbridge.platform;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every module reads stores through the platform's one store cache: a renamed or archived store is seen at once,
 * by the module that names stores in its answers (touchpoints) and by the one that checks them (event capture),
 * and one tenant's stores are never found for another.
 */
class StoreCacheTests extends ApiTest {

    private static Map<String, Object> scan(String store) {
        return new HashMap<>(Map.of("eventId", UUID.randomUUID().toString(), "type", "qr.scan", "store", store,
                "occurredAt", Instant.now().minusSeconds(30).toString(), "identifiers",
                Map.of("email", "cache@example.com")));
    }

    private static Map<String, Object> store(String code) {
        return Map.of("code", code, "name", "Store " + code, "country", "DE", "timeZone", "Europe/Berlin",
                "currency", "EUR");
    }

    @Test
    void aRenamedStoreIsSeenAtOnceByEveryModuleThatReadsIt() {
        var tenant = newTenant();
        String storeId = tenant.createStore("OLD-1");
        var touchpoint = tenant.admin().post("/api/v1/touchpoints", Map.of("code", "old-window", "type", "qr_code",
                "store", "OLD-1", "label", "Window", "stage", "pre_purchase"));
        assertThat(touchpoint.status()).as(touchpoint.toString()).isEqualTo(201);
        String touchpointId = touchpoint.json().get("id").asString();
        // read once so the cache holds the old code
        assertThat(tenant.admin().get("/api/v1/touchpoints/" + touchpointId).json().get("storeCode").asString())
                .isEqualTo("OLD-1");
        assertThat(tenant.admin().post("/api/v1/events", scan("OLD-1")).status()).isIn(200, 201, 202);

        var renamed = tenant.admin().put("/api/v1/stores/" + storeId, store("NEW-1"));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);

        assertThat(tenant.admin().get("/api/v1/touchpoints/" + touchpointId).json().get("storeCode").asString())
                .isEqualTo("NEW-1");
        var byOldCode = tenant.admin().post("/api/v1/events", scan("OLD-1"));
        assertThat(byOldCode.status()).as(byOldCode.toString()).isEqualTo(400);
        assertThat(byOldCode.errorFields()).contains("store");
        assertThat(tenant.admin().post("/api/v1/events", scan("NEW-1")).status()).isIn(200, 201, 202);
    }

    @Test
    void anArchivedStoreTakesNoNewEventsFromTheMomentItIsArchived() {
        var tenant = newTenant();
        String storeId = tenant.createStore("GONE-1");
        assertThat(tenant.admin().post("/api/v1/events", scan("GONE-1")).status()).isIn(200, 201, 202);

        assertThat(tenant.admin().delete("/api/v1/stores/" + storeId).status()).isEqualTo(204);

        var late = tenant.admin().post("/api/v1/events", scan("GONE-1"));
        assertThat(late.status()).as(late.toString()).isEqualTo(400);
        assertThat(late.errorFields()).contains("store");
    }

    @Test
    void oneTenantsCachedStoreIsNotFoundForAnother() {
        var owner = newTenant();
        var other = newTenant();
        String code = "OWN-" + UUID.randomUUID().toString().substring(0, 8);
        owner.createStore(code);
        assertThat(owner.admin().post("/api/v1/events", scan(code)).status()).isIn(200, 201, 202);

        var foreign = other.admin().post("/api/v1/events", scan(code));
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(400);
        assertThat(foreign.errorFields()).contains("store");
        var touchpoint = other.admin().post("/api/v1/touchpoints", Map.of("code", "foreign", "type", "qr_code",
                "store", code, "label", "Window", "stage", "pre_purchase"));
        assertThat(touchpoint.status()).as(touchpoint.toString()).isEqualTo(400);
    }
}

package io.footbridge.platform;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials bound to stores (store managers, store-bound keys) reach their stores' data and the tenant's shared
 * settings, never another store's data or what belongs to the whole tenant.
 */
class StoreReachTests extends ApiTest {

    @org.springframework.beans.factory.annotation.Autowired
    @org.springframework.beans.factory.annotation.Qualifier("requestMappingHandlerMapping")
    org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping handlers;

    private TestTenant tenant;

    @BeforeEach
    void twoStores() {
        tenant = newTenant();
        tenant.createStore("OWN");
        tenant.createStore("OTHER");
    }

    private static Map<String, Object> event(String store, String type, Map<String, Object> identifiers) {
        return Map.of("eventId", UUID.randomUUID().toString(), "type", type, "store", store,
                "occurredAt", Instant.now().minusSeconds(30).toString(), "identifiers", identifiers,
                "properties", Map.of("placement", "window"));
    }

    @Test
    void failedEventsWithTheirPayloadsAreTheWholeTenantsAndStoreBoundCallersGetNone() {
        var rejected = tenant.admin().post("/api/v1/events", event("OTHER", "no.such.type",
                Map.of("email", "lena@example.com")));
        assertThat(rejected.status()).isEqualTo(400);
        String failedId = rejected.json().get("failedEventId").asString();
        var manager = tenant.createUser("store_manager", "OWN");
        var till = anonymous.bearer(tenant.createKey("till", "OWN", "pos", "events:write"));

        for (ApiClient storeBound : List.of(manager, till)) {
            var list = storeBound.get("/api/v1/failed-events");
            assertThat(list.status()).as(list.toString()).isEqualTo(403);
            assertThat(list.raw().body()).doesNotContain("lena@example.com");
            assertThat(storeBound.get("/api/v1/failed-events/" + failedId).status()).isEqualTo(403);
            assertThat(storeBound.delete("/api/v1/failed-events/" + failedId).status()).isEqualTo(403);
            assertThat(storeBound.post("/api/v1/failed-events/" + failedId + "/replay", "").status())
                    .isEqualTo(403);
        }
        var stillOpen = tenant.admin().get("/api/v1/failed-events/" + failedId);
        assertThat(stillOpen.json().get("status").asString()).isEqualTo("open");
        assertThat(stillOpen.raw().body()).contains("lena@example.com");
    }

    @Test
    void storeManagersCannotReadOrCancelTheTenantsImports() {
        byte[] csv = ("transaction_id,store,occurred_at,currency,sku,quantity,unit_price,total\n"
                + "IMP-1,OTHER,2026-01-10T10:00:00Z,EUR,SKU-1,1,500,500\n").getBytes(StandardCharsets.UTF_8);
        var upload = tenant.admin().upload("/api/v1/imports/transactions?fileName=sales.csv", csv);
        assertThat(upload.status()).as(upload.toString()).isEqualTo(202);
        String job = upload.json().get("id").asString();
        var manager = tenant.createUser("store_manager", "OWN");

        assertThat(manager.get("/api/v1/imports").status()).isEqualTo(403);
        assertThat(manager.get("/api/v1/imports/" + job).status()).isEqualTo(403);
        assertThat(manager.get("/api/v1/imports/" + job + "/errors").status()).isEqualTo(403);
        assertThat(manager.delete("/api/v1/imports/" + job).status()).isEqualTo(403);
        assertThat(manager.post("/api/v1/imports/" + job + "/resume", "").status()).isEqualTo(403);
        assertThat(tenant.admin().get("/api/v1/imports/" + job).json().get("status").asString())
                .isNotEqualTo("cancelled");
    }

    @Test
    void aStoreBoundReaderReadsItsOwnStoresEventsOnly() {
        var writer = anonymous.bearer(tenant.createKey("writer", null, "events:write"));
        assertThat(writer.post("/api/v1/events", event("OWN", "qr.scan", Map.of("anonymousId", "own-visitor")))
                .status()).isEqualTo(201);
        assertThat(writer.post("/api/v1/events", event("OTHER", "qr.scan", Map.of("anonymousId", "other-visitor")))
                .status()).isEqualTo(201);
        var ownReader = anonymous.bearer(tenant.createKey("own reader", "OWN", "events:read"));
        var tenantReader = anonymous.bearer(tenant.createKey("reader", null, "events:read"));

        var own = ownReader.get("/api/v1/events");
        var all = tenantReader.get("/api/v1/events");

        assertThat(own.status()).isEqualTo(200);
        assertThat(own.raw().body()).contains("own-visitor").doesNotContain("other-visitor");
        assertThat(all.raw().body()).contains("own-visitor", "other-visitor");
    }

    @Test
    void aStoreBoundAdminKeyReadsButCannotChangeTheBrandOrTheWifiWording() {
        var storeAdmin = anonymous.bearer(tenant.createKey("store admin", "OWN", "admin"));

        var brand = storeAdmin.put("/api/v1/brand", Map.of("name", "Hijacked", "primaryColor", "#0b6e4f",
                "language", "de"));
        var wording = storeAdmin.post("/api/v1/wifi/wording", Map.of("terms", "evil-1: anything goes"));

        assertThat(brand.status()).as(brand.toString()).isEqualTo(403);
        assertThat(brand.json().get("type").asString()).endsWith("/problems/forbidden");
        assertThat(wording.status()).as(wording.toString()).isEqualTo(403);
        assertThat(storeAdmin.get("/api/v1/brand").status()).isEqualTo(200);
        assertThat(storeAdmin.get("/api/v1/wifi/wording").status()).isEqualTo(200);
        assertThat(tenant.admin().get("/api/v1/brand").json().get("name").asString()).isNotEqualTo("Hijacked");
        assertThat(tenant.admin().get("/api/v1/wifi/wording").raw().body()).doesNotContain("evil-1");
    }

    @Test
    void storeBoundCallersKeepOutOfTheTenantsCustomerListsAndCatalogue() {
        var manager = tenant.createUser("store_manager", "OWN");
        var storeKey = anonymous.bearer(tenant.createKey("store key", "OWN", "profiles:read", "profiles:write",
                "products:write", "messages:write", "pos"));

        assertThat(manager.get("/api/v1/suppressions").status()).isEqualTo(403);
        assertThat(storeKey.get("/api/v1/identity/reviews").status()).isEqualTo(403);
        assertThat(storeKey.put("/api/v1/products/SKU-9", Map.of("name", "Cheap", "category", "x", "price", 1,
                "currency", "EUR")).status()).isEqualTo(403);
        assertThat(storeKey.put("/api/v1/message-templates/welcome/email/en", Map.of("subject", "Hi",
                "html", "<p>Hi</p>")).status()).isEqualTo(403);
        assertThat(storeKey.get("/api/v1/products").status()).as("the catalogue is read at every till")
                .isEqualTo(200);
    }

    @Test
    void everyApiOperationDeclaresWhatStoreBoundCredentialsReachAndTheReadmeShowsIt() throws Exception {
        List<String> undeclared = new java.util.ArrayList<>();
        handlers.getHandlerMethods().forEach((info, method) -> {
            boolean api = info.getPatternValues().stream().anyMatch(p -> p.startsWith("/api/"));
            if (api && Reach.Level.of(method.getMethod()) == null) {
                undeclared.add(info.toString());
            }
        });

        assertThat(undeclared).as("API operations without @Reach").isEmpty();
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("README.md")))
                .contains("| resource | endpoints | who | reach |");
    }

    /** What a store manager's own answers look like, for the checks above to be meaningful. */
    @Test
    void storeManagersStillWorkInTheirOwnStore() {
        var manager = tenant.createUser("store_manager", "OWN");
        JsonNode stores = manager.get("/api/v1/stores").json().get("items");

        assertThat(stores).hasSize(1);
        assertThat(manager.get("/api/v1/me").status()).isEqualTo(200);
        assertThat(manager.put("/api/v1/me/password", Map.of("currentPassword", PASSWORD,
                "newPassword", "another-long-password")).status()).isEqualTo(204);
    }
}

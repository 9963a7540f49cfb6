package io.footbridge.platform;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One tenant never reads or changes another's data: foreign ids answer 404, exactly like unknown ones. */
class TenantIsolationTests extends ApiTest {

    @Test
    void anotherTenantsStoreIsNotFound() {
        var a = newTenant();
        var b = newTenant();
        String storeOfA = a.createStore("SHARED-CODE");

        var read = b.admin().get("/api/v1/stores/" + storeOfA);
        var update = b.admin().put("/api/v1/stores/" + storeOfA, Map.of("code", "SHARED-CODE", "name", "Hijacked",
                "country", "DE", "timeZone", "Europe/Berlin", "currency", "EUR"));
        var archive = b.admin().delete("/api/v1/stores/" + storeOfA);

        assertThat(read.status()).isEqualTo(404);
        assertThat(read.json().get("type").asString()).endsWith("/problems/not-found");
        assertThat(update.status()).isEqualTo(404);
        assertThat(archive.status()).isEqualTo(404);
        assertThat(a.admin().get("/api/v1/stores/" + storeOfA).json().get("name").asString())
                .isEqualTo("Store SHARED-CODE");
        assertThat(b.admin().get("/api/v1/stores").json().get("items")).isEmpty();
        // store codes are per tenant: B may use the same code
        assertThat(b.createStore("SHARED-CODE")).isNotEqualTo(storeOfA);
    }

    @Test
    void anotherTenantsUsersKeysAndAuditAreInvisible() {
        var a = newTenant();
        var b = newTenant();
        var keyOfA = a.admin().post("/api/v1/api-keys", Map.of("name", "pos", "scopes", java.util.List.of("pos")));
        String userOfA = a.admin().get("/api/v1/users").json().get("items").get(0).get("id").asString();

        assertThat(b.admin().get("/api/v1/api-keys/" + keyOfA.json().get("id").asString()).status()).isEqualTo(404);
        assertThat(b.admin().delete("/api/v1/api-keys/" + keyOfA.json().get("id").asString()).status())
                .isEqualTo(404);
        assertThat(b.admin().post("/api/v1/api-keys/" + keyOfA.json().get("id").asString() + "/rotate", "")
                .status()).isEqualTo(404);
        assertThat(b.admin().get("/api/v1/users/" + userOfA).status()).isEqualTo(404);
        assertThat(b.admin().delete("/api/v1/users/" + userOfA).status()).isEqualTo(404);
        assertThat(b.admin().get("/api/v1/tenants/" + a.id()).status()).isEqualTo(404);
        assertThat(b.admin().get("/api/v1/api-keys").raw().body()).doesNotContain(keyOfA.json().get("id").asString());
        assertThat(b.admin().get("/api/v1/users").raw().body()).doesNotContain(a.adminEmail());
        assertThat(b.admin().get("/api/v1/audit-log").raw().body()).doesNotContain(a.id().toString());
        assertThat(anonymous.bearer(keyOfA.json().get("secret").asString()).get("/api/v1/me").json()
                .get("tenantId").asString()).isEqualTo(a.id().toString());
    }

    @Test
    void aKeyCannotBeBoundToAnotherTenantsStore() {
        var a = newTenant();
        var b = newTenant();
        a.createStore("ONLY-A");

        var response = b.admin().post("/api/v1/api-keys", Map.of("name", "till", "scopes",
                java.util.List.of("pos"), "storeCode", "ONLY-A"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorFields()).containsExactly("storeCode");
    }
}

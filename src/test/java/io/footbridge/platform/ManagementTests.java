package io.footbridge.platform;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Stores, staff users, tenants and the audit log through the API, as an admin would use them. */
class ManagementTests extends ApiTest {

    @Test
    void storeLifecycle() {
        var tenant = newTenant();
        var created = tenant.admin().post("/api/v1/stores", Map.of("code", "BER-1", "name", "Berlin Mitte",
                "country", "DE", "timeZone", "Europe/Berlin", "currency", "EUR",
                "address", Map.of("line1", "Torstr. 1", "city", "Berlin", "postcode", "10119"),
                "latitude", 52.53, "longitude", 13.40));
        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(created.header("Location")).endsWith("/api/v1/stores/" + id);
        assertThat(created.json().get("address").get("city").asString()).isEqualTo("Berlin");

        var updated = tenant.admin().put("/api/v1/stores/" + id, Map.of("code", "BER-01", "name", "Berlin Mitte",
                "country", "DE", "timeZone", "Europe/Berlin", "currency", "EUR"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("code").asString()).isEqualTo("BER-01");
        assertThat(updated.json().get("latitude").isNull()).isTrue();

        assertThat(tenant.admin().delete("/api/v1/stores/" + id).status()).isEqualTo(204);
        assertThat(tenant.admin().get("/api/v1/stores").json().get("items")).isEmpty();
        JsonNode withArchived = tenant.admin().get("/api/v1/stores?includeArchived=true").json().get("items");
        assertThat(withArchived).hasSize(1);
        assertThat(withArchived.get(0).get("archivedAt").isNull()).isFalse();
    }

    @Test
    void everyAdministrativeChangeIsAudited() {
        var tenant = newTenant();
        String store = tenant.createStore("AUD");
        var key = tenant.admin().post("/api/v1/api-keys", Map.of("name", "pos", "scopes", java.util.List.of("pos")));
        tenant.admin().delete("/api/v1/api-keys/" + key.json().get("id").asString());

        JsonNode items = tenant.admin().get("/api/v1/audit-log").json().get("items");

        java.util.List<String> actions = new java.util.ArrayList<>();
        items.forEach(item -> actions.add(item.get("action").asString()));
        assertThat(actions).containsSubsequence("api_key.revoked", "api_key.created", "store.created",
                "staff.created", "tenant.created");
        JsonNode storeCreated = items.get(actions.indexOf("store.created"));
        assertThat(storeCreated.get("targetId").asString()).isEqualTo(store);
        assertThat(storeCreated.get("actorLabel").asString()).isEqualTo(tenant.adminEmail());
        assertThat(storeCreated.get("ip").asString()).isNotBlank();
        assertThat(storeCreated.get("userAgent").asString()).isNotBlank();
        assertThat(storeCreated.get("occurredAt").asString()).endsWith("Z");
        assertThat(tenant.admin().get("/api/v1/audit-log").raw().body()).doesNotContain(
                key.json().get("secret").asString());
    }

    @Test
    void auditLogPagesBackwards() {
        var tenant = newTenant();
        for (int i = 0; i < 3; i++) {
            tenant.createStore("PAGE-" + i);
        }

        var first = tenant.admin().get("/api/v1/audit-log?action=store.created&limit=2").json();
        var second = tenant.admin().get("/api/v1/audit-log?action=store.created&limit=2&before="
                + first.get("next").asLong()).json();

        assertThat(first.get("items")).hasSize(2);
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.get("next").isNull()).isTrue();
    }

    @Test
    void staffLifecycle() {
        var tenant = newTenant();
        tenant.createStore("S1");
        tenant.createStore("S2");
        String email = "manager-" + tenant.id() + "@brand.test";
        var created = tenant.admin().post("/api/v1/users", Map.of("email", email.toUpperCase(),
                "name", "Mia", "role", "store_manager", "password", PASSWORD, "storeCodes", java.util.List.of("S1")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("email").asString()).isEqualTo(email);
        assertThat(created.json().has("passwordHash")).isFalse();
        String id = created.json().get("id").asString();
        var manager = anonymous.basic(email, PASSWORD);
        assertThat(manager.get("/api/v1/me").json().get("storeIds")).hasSize(1);

        var moved = tenant.admin().put("/api/v1/users/" + id, Map.of("name", "Mia", "role", "store_manager",
                "storeCodes", java.util.List.of("S1", "S2")));
        assertThat(moved.json().get("storeCodes")).hasSize(2);
        assertThat(manager.get("/api/v1/stores").json().get("items")).hasSize(2);

        var duplicate = tenant.admin().post("/api/v1/users", Map.of("email", email, "role", "marketer",
                "password", PASSWORD));
        assertThat(duplicate.status()).isEqualTo(409);

        assertThat(tenant.admin().delete("/api/v1/users/" + id).status()).isEqualTo(204);
        assertThat(manager.get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void theLastAdminCannotBeRemoved() {
        var tenant = newTenant();
        String adminId = tenant.admin().get("/api/v1/me").json().get("id").asString();
        var second = tenant.createUser("admin");
        String secondId = second.get("/api/v1/me").json().get("id").asString();

        assertThat(tenant.admin().delete("/api/v1/users/" + adminId).status()).isEqualTo(409);
        assertThat(tenant.admin().delete("/api/v1/users/" + secondId).status()).isEqualTo(204);
        var demote = tenant.admin().put("/api/v1/users/" + adminId, Map.of("role", "marketer"));
        assertThat(demote.status()).isEqualTo(409);
        assertThat(demote.json().get("type").asString()).endsWith("/problems/last-admin");
    }

    @Test
    void staffChangeTheirOwnPassword() {
        var tenant = newTenant();
        var wrong = tenant.admin().put("/api/v1/me/password", Map.of("currentPassword", "not-it-at-all",
                "newPassword", "a-brand-new-password"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.errorFields()).containsExactly("currentPassword");

        var changed = tenant.admin().put("/api/v1/me/password", Map.of("currentPassword", PASSWORD,
                "newPassword", "a-brand-new-password"));

        assertThat(changed.status()).isEqualTo(204);
        assertThat(tenant.admin().get("/api/v1/me").status()).isEqualTo(401);
        assertThat(anonymous.basic(tenant.adminEmail(), "a-brand-new-password").get("/api/v1/me").status())
                .isEqualTo(200);
    }

    @Test
    void tenantsAreCreatedByTheInstallerAndRenamedByTheirAdmins() {
        var tenant = newTenant();

        var me = tenant.admin().get("/api/v1/me").json();
        var renamed = tenant.admin().put("/api/v1/tenants/" + tenant.id(), Map.of("name", "Renamed brand"));
        var listed = installer.get("/api/v1/tenants?limit=500").raw().body();

        assertThat(me.get("tenantId").asString()).isEqualTo(tenant.id().toString());
        assertThat(me.get("scopes").get(0).asString()).isEqualTo("admin");
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().get("name").asString()).isEqualTo("Renamed brand");
        assertThat(installer.get("/api/v1/tenants/" + tenant.id()).json().get("name").asString())
                .isEqualTo("Renamed brand");
        assertThat(listed).contains(tenant.id().toString());
    }

    @Test
    void anEmailCanOnlyBelongToOneAccount() {
        var tenant = newTenant();

        var response = installer.post("/api/v1/tenants", Map.of("name", "Copycat", "adminEmail",
                tenant.adminEmail(), "adminPassword", PASSWORD));

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("type").asString()).endsWith("/problems/email-taken");
    }
}

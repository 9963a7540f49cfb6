package io.footbridge.platform;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityTests extends ApiTest {

    private static final Map<String, Object> STORE = Map.of("code", "ANY", "name", "Any", "country", "DE",
            "timeZone", "Europe/Berlin", "currency", "EUR");

    @Test
    void noCredentialsIsA401Problem() {
        var response = anonymous.get("/api/v1/stores");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).endsWith("/problems/unauthorized");
        assertThat(response.header("WWW-Authenticate")).contains("Basic").contains("Bearer");
    }

    @Test
    void wrongPasswordAndUnknownUserAreRefusedAlike() {
        var tenant = newTenant();

        var wrongPassword = anonymous.basic(tenant.adminEmail(), "not-the-password").get("/api/v1/stores");
        var unknownUser = anonymous.basic("nobody@brand.test", PASSWORD).get("/api/v1/stores");

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownUser.status()).isEqualTo(401);
        assertThat(wrongPassword.json().get("detail")).isEqualTo(unknownUser.json().get("detail"));
    }

    @Test
    void malformedOrUnknownApiKeysAreRefused() {
        assertThat(anonymous.bearer("garbage").get("/api/v1/me").status()).isEqualTo(401);
        assertThat(anonymous.bearer("fbk_aaaaaaaaaaaaaaaa_" + "A".repeat(43)).get("/api/v1/me").status())
                .isEqualTo(401);
    }

    @Test
    void aTamperedSecretWithAValidLookupIdIsRefused() {
        var tenant = newTenant();
        String secret = tenant.createKey("pos", null, "stores:read");
        String tampered = secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A");

        assertThat(anonymous.bearer(secret).get("/api/v1/stores").status()).isEqualTo(200);
        assertThat(anonymous.bearer(tampered).get("/api/v1/stores").status()).isEqualTo(401);
    }

    @Test
    void aKeyWithoutTheScopeGets403() {
        var tenant = newTenant();
        String secret = tenant.createKey("wifi", null, "events:write");

        var response = anonymous.bearer(secret).get("/api/v1/stores");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("type").asString()).endsWith("/problems/forbidden");
    }

    @Test
    void nonAdminKeysCannotManageKeysOrUsers() {
        var tenant = newTenant();
        var key = anonymous.bearer(tenant.createKey("app", null, "stores:read", "stores:write", "profiles:read"));

        assertThat(key.post("/api/v1/api-keys", Map.of("name", "escalate", "scopes", java.util.List.of("admin")))
                .status()).isEqualTo(403);
        assertThat(key.get("/api/v1/users").status()).isEqualTo(403);
        assertThat(key.post("/api/v1/stores", STORE).status()).isEqualTo(403);
    }

    @Test
    void revokedKeyStopsWorkingAtOnce() {
        var tenant = newTenant();
        var created = tenant.admin().post("/api/v1/api-keys", Map.of("name", "pos", "scopes",
                java.util.List.of("stores:read")));
        var key = anonymous.bearer(created.json().get("secret").asString());
        assertThat(key.get("/api/v1/stores").status()).isEqualTo(200);

        var revoke = tenant.admin().delete("/api/v1/api-keys/" + created.json().get("id").asString());

        assertThat(revoke.status()).isEqualTo(204);
        assertThat(key.get("/api/v1/stores").status()).isEqualTo(401);
        assertThat(tenant.admin().delete("/api/v1/api-keys/" + created.json().get("id").asString()).status())
                .isEqualTo(204);
    }

    @Test
    void rotationReplacesTheSecret() {
        var tenant = newTenant();
        var created = tenant.admin().post("/api/v1/api-keys", Map.of("name", "pos", "scopes",
                java.util.List.of("stores:read")));
        String id = created.json().get("id").asString();
        String oldSecret = created.json().get("secret").asString();

        var rotated = tenant.admin().post("/api/v1/api-keys/" + id + "/rotate", "");

        assertThat(rotated.status()).isEqualTo(200);
        String newSecret = rotated.json().get("secret").asString();
        assertThat(newSecret).isNotEqualTo(oldSecret);
        assertThat(anonymous.bearer(oldSecret).get("/api/v1/stores").status()).isEqualTo(401);
        assertThat(anonymous.bearer(newSecret).get("/api/v1/stores").status()).isEqualTo(200);
        assertThat(rotated.json().get("id").asString()).isEqualTo(id);
    }

    @Test
    void theSecretIsShownOnceAndStoredOnlyAsAHash() {
        var tenant = newTenant();
        var created = tenant.admin().post("/api/v1/api-keys", Map.of("name", "pos", "scopes",
                java.util.List.of("pos")));
        String secret = created.json().get("secret").asString();
        String id = created.json().get("id").asString();

        var listed = tenant.admin().get("/api/v1/api-keys");
        var fetched = tenant.admin().get("/api/v1/api-keys/" + id);

        assertThat(listed.raw().body()).doesNotContain(secret).contains(id);
        assertThat(fetched.json().has("secret")).isFalse();
        assertThat(fetched.json().get("prefix").asString()).isEqualTo(secret.substring(0, 20));
        String stored = jdbc.sql("SELECT secret_hash FROM api_key WHERE id = :id")
                .param("id", java.util.UUID.fromString(id)).query(String.class).single();
        assertThat(stored).hasSize(64).isNotEqualTo(secret).doesNotContain(secret.substring(21));
    }

    @Test
    void passwordsAreStoredAsArgon2Hashes() {
        var tenant = newTenant();

        String hash = jdbc.sql("SELECT password_hash FROM staff_user WHERE email = :email")
                .param("email", tenant.adminEmail()).query(String.class).single();

        assertThat(hash).startsWith("{argon2@SpringSecurity_v5_8}$argon2id$").doesNotContain(PASSWORD);
    }

    @Test
    void repeatedFailedLoginsAreLockedOutEvenWithTheRightPassword() {
        var tenant = newTenant();
        var wrong = anonymous.basic(tenant.adminEmail(), "guess-guess-guess");
        for (int i = 0; i < 5; i++) {
            assertThat(wrong.get("/api/v1/me").status()).isEqualTo(401);
        }

        var locked = tenant.admin().get("/api/v1/me");

        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.json().get("type").asString()).endsWith("/problems/too-many-login-attempts");
        assertThat(Long.parseLong(locked.header("Retry-After"))).isPositive();
    }

    @Test
    void storeBoundKeyOnlySeesItsStore() {
        var tenant = newTenant();
        String own = tenant.createStore("OWN");
        String other = tenant.createStore("OTHER");
        var key = anonymous.bearer(tenant.createKey("till", "OWN", "stores:read", "pos"));

        assertThat(key.get("/api/v1/stores/" + own).status()).isEqualTo(200);
        assertThat(key.get("/api/v1/stores/" + other).status()).isEqualTo(403);
        assertThat(key.get("/api/v1/stores").json().get("items")).hasSize(1);
    }

    @Test
    void storeManagerManagesOnlyTheirOwnStore() {
        var tenant = newTenant();
        String own = tenant.createStore("MGR-OWN");
        String other = tenant.createStore("MGR-OTHER");
        var manager = tenant.createUser("store_manager", "MGR-OWN");
        var rename = new java.util.HashMap<>(STORE);

        rename.put("code", "MGR-OWN");
        rename.put("name", "Renamed by manager");
        var ownUpdate = manager.put("/api/v1/stores/" + own, rename);
        rename.put("code", "MGR-OTHER");
        var otherUpdate = manager.put("/api/v1/stores/" + other, rename);

        assertThat(ownUpdate.status()).as(ownUpdate.toString()).isEqualTo(200);
        assertThat(ownUpdate.json().get("name").asString()).isEqualTo("Renamed by manager");
        assertThat(otherUpdate.status()).isEqualTo(403);
        assertThat(tenant.admin().get("/api/v1/stores/" + other).json().get("name").asString())
                .isEqualTo("Store MGR-OTHER");
        assertThat(manager.post("/api/v1/stores", STORE).status()).isEqualTo(403);
        assertThat(manager.delete("/api/v1/stores/" + own).status()).isEqualTo(403);
        assertThat(manager.get("/api/v1/users").status()).isEqualTo(403);
    }

    @Test
    void marketerCanReadStoresButNotChangeThem() {
        var tenant = newTenant();
        String store = tenant.createStore("MKT");
        var marketer = tenant.createUser("marketer");

        assertThat(marketer.get("/api/v1/stores/" + store).status()).isEqualTo(200);
        assertThat(marketer.put("/api/v1/stores/" + store, STORE).status()).isEqualTo(403);
    }

    @Test
    void onlyTheInstallationAdminCreatesTenants() {
        var tenant = newTenant();

        var response = tenant.admin().post("/api/v1/tenants", Map.of("name", "Sneaky", "adminEmail",
                "sneaky@brand.test", "adminPassword", PASSWORD));

        assertThat(response.status()).isEqualTo(403);
        assertThat(tenant.admin().get("/api/v1/tenants").status()).isEqualTo(403);
        assertThat(installer.get("/api/v1/tenants").status()).isEqualTo(200);
    }
}

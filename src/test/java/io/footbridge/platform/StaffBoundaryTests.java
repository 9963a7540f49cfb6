package io.footbridge.platform;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Staff accounts across the boundaries a tenant admin must not cross: the installation admin, other tenants. */
class StaffBoundaryTests extends ApiTest {

    private String installerId() {
        return installer.get("/api/v1/me").json().get("id").asString();
    }

    /** Another admin of the installation's own tenant: a tenant admin, not the installation admin. */
    private ApiClient firstTenantAdmin() {
        String email = "first-admin-" + UUID.randomUUID() + "@brand.test";
        var created = installer.post("/api/v1/users", Map.of("email", email, "role", "admin", "password", PASSWORD));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return anonymous.basic(email, PASSWORD);
    }

    @Test
    void aTenantAdminOfTheFirstTenantCannotTakeOverTheInstallationAdmin() {
        var admin = firstTenantAdmin();
        String installerId = installerId();

        // the same password again, so that a regression cannot lock the other tests out either
        var password = admin.put("/api/v1/users/" + installerId + "/password", Map.of("password", INSTALLER_PASSWORD));
        var demote = admin.put("/api/v1/users/" + installerId, Map.of("role", "marketer"));
        var disable = admin.delete("/api/v1/users/" + installerId);
        // put a regression right again, so that it cannot lock the other tests out
        jdbc.sql("UPDATE staff_user SET disabled_at = NULL, role = 'admin', installation_admin = TRUE WHERE id = :id")
                .param("id", UUID.fromString(installerId)).update();

        assertThat(password.status()).as(password.toString()).isEqualTo(403);
        assertThat(password.json().get("type").asString()).endsWith("/problems/forbidden");
        assertThat(demote.status()).as(demote.toString()).isEqualTo(403);
        assertThat(disable.status()).as(disable.toString()).isEqualTo(403);
        assertThat(installer.get("/api/v1/tenants").status()).isEqualTo(200);
        assertThat(installer.get("/api/v1/users/" + installerId).json().get("role").asString()).isEqualTo("admin");
        // they still manage everyone else of their tenant
        String colleague = admin.post("/api/v1/users", Map.of("email", "colleague-" + UUID.randomUUID() + "@brand.test",
                "role", "marketer", "password", PASSWORD)).json().get("id").asString();
        assertThat(admin.put("/api/v1/users/" + colleague + "/password", Map.of("password", "yet-another-password"))
                .status()).isEqualTo(204);
    }

    @Test
    void aDemotedInstallationAdminNoLongerAdministersTheInstallation() {
        String email = "second-installer-" + UUID.randomUUID() + "@brand.test";
        String id = installer.post("/api/v1/users", Map.of("email", email, "role", "admin", "password", PASSWORD))
                .json().get("id").asString();
        jdbc.sql("UPDATE staff_user SET installation_admin = TRUE WHERE id = :id")
                .param("id", UUID.fromString(id)).update();
        var second = anonymous.basic(email, PASSWORD);
        assertThat(second.get("/api/v1/tenants").status()).isEqualTo(200);

        var demoted = installer.put("/api/v1/users/" + id, Map.of("role", "marketer"));
        var promotedAgain = installer.put("/api/v1/users/" + id, Map.of("role", "admin"));

        assertThat(demoted.status()).as(demoted.toString()).isEqualTo(200);
        assertThat(demoted.json().get("installationAdmin").asBoolean()).isFalse();
        assertThat(promotedAgain.json().get("installationAdmin").asBoolean()).as("a role is not the installation")
                .isFalse();
        assertThat(second.get("/api/v1/tenants").status()).isEqualTo(403);
        assertThat(second.post("/api/v1/tenants", Map.of("name", "Sneaky", "adminEmail",
                "sneaky-" + UUID.randomUUID() + "@brand.test", "adminPassword", PASSWORD)).status()).isEqualTo(403);
    }

    @Test
    void aTakenEmailAnswersAlikeWhoeverHoldsItAndNamesNoOne() {
        var a = newTenant();
        var b = newTenant();
        String colleague = "colleague-" + UUID.randomUUID() + "@brand.test";
        assertThat(b.admin().post("/api/v1/users", Map.of("email", colleague, "role", "marketer",
                "password", PASSWORD)).status()).isEqualTo(201);

        var own = b.admin().post("/api/v1/users", Map.of("email", colleague, "role", "marketer", "password", PASSWORD));
        var foreign = b.admin().post("/api/v1/users", Map.of("email", a.adminEmail().toUpperCase(), "role",
                "marketer", "password", PASSWORD));
        var installation = b.admin().post("/api/v1/users", Map.of("email", INSTALLER_EMAIL, "role", "marketer",
                "password", PASSWORD));

        for (var answer : java.util.List.of(foreign, installation)) {
            assertThat(answer.status()).isEqualTo(own.status());
            assertThat(answer.json().get("type")).isEqualTo(own.json().get("type"));
            assertThat(answer.json().get("detail")).isEqualTo(own.json().get("detail"));
            assertThat(answer.raw().body()).doesNotContain(a.id().toString());
        }
    }

    @Test
    void anotherTenantsAuditLogDoesNotNameTheInstallationAdmin() {
        var tenant = newTenant();

        String log = tenant.admin().get("/api/v1/audit-log").raw().body();

        assertThat(log).contains("tenant.created", "staff.created").doesNotContain(INSTALLER_EMAIL)
                .doesNotContain(installerId());
        assertThat(installer.get("/api/v1/audit-log?action=tenant.created").raw().body())
                .as("the installation's own log keeps who did it").contains(INSTALLER_EMAIL, tenant.id().toString());
    }
}

package io.footbridge.platform;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator and an integrator see without reading code: health, metrics and the API description. */
class OperationsTests extends ApiTest {

    @Test
    void healthIsPublicAndChecksTheDatabaseForStaff() {
        var publicHealth = anonymous.get("/actuator/health");
        var detailed = installer.get("/actuator/health");

        assertThat(publicHealth.status()).isEqualTo(200);
        assertThat(publicHealth.json().get("status").asString()).isEqualTo("UP");
        assertThat(detailed.json().get("components").get("db").get("status").asString()).isEqualTo("UP");
    }

    @Test
    void prometheusMetricsNeedTheInstallationAdminOrAMetricsKey() {
        var tenant = newTenant();
        var created = installer.post("/api/v1/api-keys", java.util.Map.of("name", "Prometheus",
                "scopes", java.util.List.of("metrics")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        var scraper = anonymous.bearer(created.json().get("secret").asString());

        var publicly = anonymous.get("/actuator/prometheus");
        var tenantAdmin = tenant.admin().get("/actuator/prometheus");
        var tenantKey = tenant.admin().post("/api/v1/api-keys", java.util.Map.of("name", "scraper",
                "scopes", java.util.List.of("metrics")));
        var scraped = scraper.get("/actuator/prometheus");

        assertThat(publicly.status()).isEqualTo(401);
        assertThat(publicly.raw().body()).doesNotContain("http_server_requests");
        assertThat(tenantAdmin.status()).isEqualTo(403);
        assertThat(tenantKey.status()).as("metrics cover every tenant: only the installation admin grants them")
                .isEqualTo(403);
        assertThat(scraper.get("/api/v1/stores").status()).as("a scraper's key reads nothing else").isEqualTo(403);
        assertThat(installer.get("/actuator/prometheus").status()).isEqualTo(200);
        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.raw().body()).contains("jvm_memory_used_bytes", "http_server_requests",
                "footbridge_capture_feed_parked{feed=\"consent\",state=\"given_up\"}");
        assertThat(anonymous.get("/actuator/health").status()).as("health stays public").isEqualTo(200);
    }

    @Test
    void openApiDescribesEveryEndpointWithItsErrors() {
        var response = anonymous.get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        JsonNode api = response.json();

        assertThat(api.get("paths").propertyNames()).contains("/api/v1/stores", "/api/v1/stores/{id}",
                "/api/v1/api-keys", "/api/v1/api-keys/{id}", "/api/v1/api-keys/{id}/rotate", "/api/v1/users",
                "/api/v1/tenants", "/api/v1/audit-log", "/api/v1/me");
        JsonNode createStore = api.get("paths").get("/api/v1/stores").get("post").get("responses");
        assertThat(createStore.propertyNames()).contains("201", "400", "401", "403", "409", "413");
        assertThat(createStore.get("400").get("content").get("application/problem+json").get("schema")
                .get("$ref").asString()).isEqualTo("#/components/schemas/Problem");
        assertThat(api.get("paths").get("/api/v1/stores/{id}").get("get").get("responses").propertyNames())
                .contains("404");
        assertThat(api.get("components").get("securitySchemes").propertyNames()).contains("basic", "apiKey");
    }

    @Test
    void swaggerUiIsServed() {
        var response = anonymous.get("/swagger-ui/index.html");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.raw().body()).containsIgnoringCase("swagger");
    }
}

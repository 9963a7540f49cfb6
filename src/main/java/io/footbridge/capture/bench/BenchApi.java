package io.footbridge.capture.bench;

import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Sets benchmarks up through the API, as an integrator would: a tenant of their own, a store and a key. */
final class BenchApi {

    record BenchTenant(UUID tenantId, String authorization) {
    }

    private final Environment environment;
    private final JsonMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    BenchApi(Environment environment, JsonMapper json) {
        this.environment = environment;
        this.json = json;
    }

    BenchTenant setUp(String base, List<String> scopes) throws Exception {
        String admin = "Basic " + Base64.getEncoder().encodeToString((environment.getProperty("footbridge.admin.email")
                + ":" + environment.getProperty("footbridge.admin.password")).getBytes(StandardCharsets.UTF_8));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String email = "bench-" + suffix + "@footbridge.local";
        String password = UUID.randomUUID().toString();
        JsonNode tenant = call(base + "/api/v1/tenants", admin, Map.of("name", "Benchmark " + suffix,
                "adminEmail", email, "adminPassword", password), 201);
        String tenantAdmin = "Basic " + Base64.getEncoder()
                .encodeToString((email + ":" + password).getBytes(StandardCharsets.UTF_8));
        call(base + "/api/v1/stores", tenantAdmin, Map.of("code", "BENCH-1", "name", "Benchmark store",
                "country", "DE", "timeZone", "Europe/Berlin", "currency", "EUR"), 201);
        JsonNode key = call(base + "/api/v1/api-keys", tenantAdmin, Map.of("name", "bench", "scopes", scopes), 201);
        System.out.println("benchmark tenant " + tenant.get("id").asString());
        return new BenchTenant(UUID.fromString(tenant.get("id").asString()), "Bearer " + key.get("secret").asString());
    }

    JsonNode call(String url, String authorization, Object body, int expected) throws Exception {
        HttpResponse<String> response = http.send(request(url, authorization, json.writeValueAsString(body)),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body()
                    + (response.statusCode() == 401 ? " (set FOOTBRIDGE_ADMIN_EMAIL and FOOTBRIDGE_ADMIN_PASSWORD to"
                    + " an installation admin, or bench an empty database)" : ""));
        }
        return json.readTree(response.body());
    }


    static HttpRequest request(String url, String authorization, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}

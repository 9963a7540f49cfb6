package io.footbridge.platform;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import io.footbridge.FootbridgeApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API keys are answered from a per-node cache; a revocation or rotation made on one node must reach the other within
 * a fraction of a second, not when the cached entry happens to expire. The second node runs in this JVM on the same
 * database (an in-memory H2 of one name is one database within a JVM; PostgreSQL is anyway).
 */
class TwoInstanceApiKeyTests extends ApiTest {

    @Autowired
    private Environment environment;

    @Test
    void aKeyRevokedOrRotatedOnOneNodeStopsWorkingOnTheOtherWithinASecond() {
        var tenant = newTenant();
        var revoked = tenant.admin().post("/api/v1/api-keys", Map.of("name", "till", "scopes", List.of("stores:read")));
        var rotated = tenant.admin().post("/api/v1/api-keys", Map.of("name", "app", "scopes", List.of("stores:read")));
        String revokedSecret = revoked.json().get("secret").asString();
        String oldSecret = rotated.json().get("secret").asString();

        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(FootbridgeApplication.class)
                .run("--server.port=0", "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                        "--spring.main.banner-mode=off")) {
            int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
            ApiClient other = ApiClient.anonymous(secondPort);
            // both nodes have the keys in their caches
            for (ApiClient node : List.of(anonymous, other)) {
                assertThat(node.bearer(revokedSecret).get("/api/v1/stores").status()).isEqualTo(200);
                assertThat(node.bearer(oldSecret).get("/api/v1/stores").status()).isEqualTo(200);
            }

            assertThat(tenant.admin().delete("/api/v1/api-keys/" + revoked.json().get("id").asString()).status())
                    .isEqualTo(204);
            var rotation = tenant.admin().post("/api/v1/api-keys/" + rotated.json().get("id").asString() + "/rotate", "");
            assertThat(rotation.status()).isEqualTo(200);
            String newSecret = rotation.json().get("secret").asString();
            long changed = System.nanoTime();

            // the node that made the change forgets at once
            assertThat(anonymous.bearer(revokedSecret).get("/api/v1/stores").status()).isEqualTo(401);
            assertThat(anonymous.bearer(oldSecret).get("/api/v1/stores").status()).isEqualTo(401);
            // the other one within its poll
            while (other.bearer(revokedSecret).get("/api/v1/stores").status() != 401
                    || other.bearer(oldSecret).get("/api/v1/stores").status() != 401) {
                assertThat((System.nanoTime() - changed) / 1_000_000).as("ms until the other node refused")
                        .isLessThan(1_000);
            }
            assertThat(other.bearer(newSecret).get("/api/v1/stores").status()).isEqualTo(200);
        }
    }
}

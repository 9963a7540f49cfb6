package io.footbridge.platform;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import io.footbridge.FootbridgeApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two running nodes on one database share one budget: failed logins on either count towards the lock-out on both.
 * The address a limit counts is the client's own unless the node is told it runs behind a proxy, so a made-up
 * X-Forwarded-For buys no fresh budget. The second node runs in this JVM, on the same database (an in-memory H2 of
 * the same name is one database within one JVM; PostgreSQL is anyway), and is the one told about a proxy.
 */
class TwoInstanceLimitsTests extends ApiTest {

    @Autowired
    private Environment environment;

    @Test
    void failedLoginsOnEitherNodeCountTowardsOneLockOut() {
        try (ConfigurableApplicationContext second = secondNode()) {
            ApiClient other = ApiClient.anonymous(port(second));

            TestTenant tenant = newTenant();
            for (int i = 0; i < 3; i++) {
                assertThat(me(anonymous, tenant.adminEmail(), "wrong-password", null)).isEqualTo(401);
            }
            for (int i = 0; i < 2; i++) {
                assertThat(me(other, tenant.adminEmail(), "wrong-password", null)).isEqualTo(401);
            }
            assertThat(me(anonymous, tenant.adminEmail(), PASSWORD, null)).as("five failures in all").isEqualTo(429);
            assertThat(me(other, tenant.adminEmail(), PASSWORD, null)).as("on the other node too").isEqualTo(429);

            // behind a proxy, each client behind it has an address of its own
            TestTenant proxied = newTenant();
            for (int i = 0; i < 5; i++) {
                assertThat(me(other, proxied.adminEmail(), "wrong-password", "203.0.113.7")).isEqualTo(401);
            }
            assertThat(me(other, proxied.adminEmail(), PASSWORD, "203.0.113.7")).isEqualTo(429);
            assertThat(me(other, proxied.adminEmail(), PASSWORD, "203.0.113.8")).isEqualTo(200);
        }
    }

    @Test
    void aMadeUpForwardedForGetsNoFreshBudgetByDefault() {
        TestTenant tenant = newTenant();
        for (int i = 0; i < 5; i++) {
            assertThat(me(anonymous, tenant.adminEmail(), "wrong-password", "198.51.100." + i)).isEqualTo(401);
        }
        assertThat(me(anonymous, tenant.adminEmail(), PASSWORD, "198.51.100.99")).isEqualTo(429);
    }

    private ConfigurableApplicationContext secondNode() {
        // arguments, not default properties, which application.properties would override
        return new SpringApplicationBuilder(FootbridgeApplication.class).run("--server.port=0",
                "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                "--spring.main.banner-mode=off", "--server.forward-headers-strategy=native");
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private static int me(ApiClient node, String email, String password, String forwardedFor) {
        var request = node.basic(email, password).request("/api/v1/me").GET();
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return node.send(request).status();
    }
}

package io.footbridge.offers;

import io.footbridge.ApiClient;
import io.footbridge.FootbridgeApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes of Footbridge on one database, tills of both redeeming the same codes at once: each code is redeemed
 * exactly once. The second node runs in this JVM; an in-memory H2 of the same name is the same database within
 * one JVM, and PostgreSQL is anyway.
 */
class TwoInstanceRedemptionTests extends OffersTestSupport {

    @Autowired
    private Environment environment;

    @Test
    void eachCodeIsRedeemedOnceAcrossTwoNodes() throws Exception {
        TestTenant tenant = newTenant();
        tenant.createStore("BER-1");
        ApiClient marketer = tenant.createUser("marketer");
        String secret = tenant.createKey("till", "BER-1", "pos");
        List<String> codes = generate(marketer, createOffer(marketer, offer("amount")), 100);

        // arguments, not default properties, which application.properties would override
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(FootbridgeApplication.class)
                .run("--server.port=0", "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                        "--spring.main.banner-mode=off")) {
            int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
            assertThat(secondPort).isNotEqualTo(port);
            ApiClient[] tills = {anonymous.bearer(secret), ApiClient.anonymous(secondPort).bearer(secret)};
            Map<String, AtomicInteger> wins = new ConcurrentHashMap<>();
            AtomicInteger conflicts = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(32);
            try {
                List<Future<?>> attempts = new ArrayList<>();
                for (int round = 0; round < 4; round++) {
                    for (String code : codes) {
                        ApiClient till = tills[(round + code.hashCode()) & 1];
                        attempts.add(pool.submit(() -> {
                            start.await();
                            var response = redeem(till, code, tx(), 1000);
                            if (response.status() == 200) {
                                wins.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
                            } else {
                                assertThat(type(response)).as(response.toString()).isEqualTo("coupon-already-redeemed");
                                conflicts.incrementAndGet();
                            }
                            return null;
                        }));
                    }
                }
                start.countDown();
                for (Future<?> attempt : attempts) {
                    attempt.get();
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(wins).hasSize(100);
            assertThat(wins.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
            assertThat(conflicts.get()).isEqualTo(300);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM coupon_redemption WHERE tenant_id = :t")
                    .param("t", tenant.id()).query(Long.class).single()).isEqualTo(100);
        }
    }
}

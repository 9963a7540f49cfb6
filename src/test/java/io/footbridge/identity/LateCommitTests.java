package io.footbridge.identity;

import io.footbridge.ApiTest;
import io.footbridge.capture.EventRecorder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write that commits long after the commit horizon (a slow import chunk next to live traffic, a paused database)
 * is still resolved: the identity feed's cursor waits below the open write however long it stays open, while the
 * events written after it are resolved meanwhile. On H2 by default, on PostgreSQL with SPRING_DATASOURCE_URL set.
 */
class LateCommitTests extends ApiTest {

    /** The test configuration's commit horizon is 3 s; the write stays open well past it. */
    private static final long HELD_OPEN_MS = 9_000;

    @Autowired
    private EventRecorder recorder;
    @Autowired
    private TransactionTemplate transaction;

    @Test
    void anEventWhoseWriteCommitsLongAfterTheHorizonIsResolvedAndLaterEventsAreNotHeldUp() throws Exception {
        UUID tenant = newTenant().id();
        String run = UUID.randomUUID().toString().substring(0, 8);
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread slowWrite = new Thread(() -> {
            try {
                transaction.executeWithoutResult(tx -> {
                    recorder.record(tenant, "test", List.of(event("late-" + run)));
                    written.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (Throwable e) {
                failed.set(e);
                written.countDown();
            }
        });
        slowWrite.start();
        assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(failed.get()).isNull();

        // the late event took its sequence number first; these commit now, above it
        for (int i = 0; i < 3; i++) {
            String id = "later-" + i + "-" + run;
            transaction.executeWithoutResult(tx -> recorder.record(tenant, "test", List.of(event(id))));
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (resolved(tenant, "later-%-" + run) < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(resolved(tenant, "later-%-" + run)).as("events after the open write are not held up").isEqualTo(3);

        Thread.sleep(HELD_OPEN_MS); // the later events are now far older than the commit horizon
        long firstLater = jdbc.sql("SELECT MIN(seq) FROM capture_event WHERE tenant_id = :t AND event_id LIKE :id")
                .param("t", tenant).param("id", "later-%-" + run).query(Long.class).single();
        long cursor = jdbc.sql("SELECT position FROM capture_feed WHERE name = 'identity'").query(Long.class).single();
        assertThat(cursor).as("the identity feed's cursor waits below the write still open").isLessThan(firstLater);

        release.countDown();
        slowWrite.join(30_000);
        assertThat(failed.get()).isNull();
        deadline = System.currentTimeMillis() + 30_000;
        while (resolved(tenant, "late-" + run) < 1 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(resolved(tenant, "late-" + run)).as("the late event is resolved").isEqualTo(1);
        String profile = jdbc.sql("""
                        SELECT CAST(i.profile_id AS VARCHAR(36)) FROM identity_event i
                        JOIN capture_event c ON c.seq = i.seq WHERE c.tenant_id = :t AND c.event_id = :id
                        """).param("t", tenant).param("id", "late-" + run).query(String.class).single();
        assertThat(profile).as("and given the profile its e-mail names").isNotNull();
    }

    private long resolved(UUID tenant, String eventIds) {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM capture_event c JOIN identity_event i ON i.seq = c.seq
                        WHERE c.tenant_id = :t AND c.event_id LIKE :id
                        """).param("t", tenant).param("id", eventIds).query(Long.class).single();
    }

    private static EventRecorder.NewEvent event(String id) {
        return new EventRecorder.NewEvent(id, "test.late_commit", Instant.now(), null, null,
                "{\"email\": \"" + id + "@example.com\"}", "{}");
    }
}

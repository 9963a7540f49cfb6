package io.footbridge.platform.background;

import io.footbridge.ApiTest;
import io.footbridge.platform.BackgroundWork;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Background work runs on the database-backed scheduler: on time, woken early, retried with back-off, counted. */
class BackgroundWorkTests extends ApiTest {

    @Autowired
    private BackgroundWork background;
    @Autowired
    private MeterRegistry meters;
    @Autowired
    private DataSource dataSource;

    @Test
    void aRecurringTaskRunsAtOnceAndAWakeBringsItsNextTurnForward() throws Exception {
        String name = "test-wake-" + UUID.randomUUID();
        AtomicInteger runs = new AtomicInteger();
        BackgroundWork.Recurring task = background.recurring(name, Duration.ofHours(1), runs::incrementAndGet);
        try {
            await(() -> runs.get() == 1, Duration.ofSeconds(10));
            Thread.sleep(500);
            assertThat(runs.get()).as("an hour between turns").isEqualTo(1);

            long woken = System.nanoTime();
            task.wake();
            await(() -> runs.get() == 2, Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - woken)).as("a wake is not left for the next poll")
                    .isLessThan(Duration.ofSeconds(2));
            assertThat(jdbc.sql("""
                            SELECT execution_time FROM scheduled_tasks
                            WHERE task_name = 'recurring' AND task_instance = :name
                            """).param("name", name).query(java.time.OffsetDateTime.class).single().toInstant())
                    .as("the next turn is an hour on, in the table").isAfter(Instant.now().plus(Duration.ofMinutes(50)));
        } finally {
            forget(name);
        }
    }

    /** Every ingest write wakes every feed: a burst of writes must come to a few runs, not one run per write. */
    @Test
    void aBurstOfWakesSharesOneRun() throws Exception {
        String name = "test-burst-" + UUID.randomUUID();
        AtomicInteger runs = new AtomicInteger();
        BackgroundWork.Recurring task = background.recurring(name, Duration.ofHours(1), runs::incrementAndGet);
        try {
            await(() -> runs.get() == 1, Duration.ofSeconds(10));

            for (int i = 0; i < 200; i++) {
                task.wake();
            }
            await(() -> runs.get() >= 2, Duration.ofSeconds(5));
            Thread.sleep(1_000);
            assertThat(runs.get() - 1).as("runs after 200 wakes").isBetween(1, 2);
        } finally {
            forget(name);
        }
    }

    @Test
    void aFailingRecurringTaskIsTriedAgainWithBackOffAndItsFailuresShowInTheMetrics() throws Exception {
        String name = "test-failing-" + UUID.randomUUID();
        List<Instant> tries = new CopyOnWriteArrayList<>();
        background.recurring(name, Duration.ofMillis(200), () -> {
            tries.add(Instant.now());
            if (tries.size() <= 3) {
                throw new IllegalStateException("a passing failure");
            }
        });
        try {
            await(() -> tries.size() >= 4, Duration.ofSeconds(20));
            // 200 ms, 400 ms, 800 ms after the first, second and third failure
            assertThat(Duration.between(tries.get(2), tries.get(3))).as("backs off")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(750));
            await(() -> timer(name, "ok") != null && timer(name, "ok").count() >= 1, Duration.ofSeconds(5));
            assertThat(timer(name, "failed").count()).isEqualTo(3);
            assertThat(meters.get("footbridge.background.last.failure").tag("task", name).gauge().value())
                    .isGreaterThan(0);
            assertThat(meters.get("footbridge.background.failures").tag("task", name).gauge().value())
                    .as("failures in a row, reset by the run that went through").isZero();
        } finally {
            forget(name);
        }
    }

    @Test
    void aOneOffTaskRunsOncePerInstanceAndIsRetriedWhenItFails() throws Exception {
        String name = "test-once-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> done = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        // a second node of our own: one-off tasks are registered before a scheduler starts
        BackgroundScheduler node = new BackgroundScheduler(dataSource,
                new BackgroundProperties(Duration.ofMillis(100), 2, Duration.ofSeconds(2), Duration.ofSeconds(5),
                        Duration.ofMillis(20)),
                new StaticListableBeanFactory(Map.of("meters", new SimpleMeterRegistry()))
                        .getBeanProvider(MeterRegistry.class));
        BackgroundWork.OneOff<String> once = node.oneOff(name, String.class, 3, data -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("a passing failure");
            }
            done.add(data);
        });
        try {
            node.start();
            once.schedule("a", Instant.now(), "first");
            once.schedule("a", Instant.now(), "again under the same id");
            once.schedule("b", Instant.now().plusMillis(300), "second");
            await(() -> done.size() == 2, Duration.ofSeconds(15));
            Thread.sleep(500);
            assertThat(done).containsExactlyInAnyOrder("first", "second");
            assertThat(calls.get()).as("one retry").isEqualTo(3);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = :name")
                    .param("name", name).query(Long.class).single()).as("nothing left once run").isZero();
        } finally {
            node.stop();
        }
    }

    private Timer timer(String task, String result) {
        return meters.find("footbridge.background.runs").tag("task", task).tag("result", result).timer();
    }

    private void forget(String name) {
        jdbc.sql("DELETE FROM scheduled_tasks WHERE task_name = 'recurring' AND task_instance = :name")
                .param("name", name).update();
    }

    private static void await(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited " + limit).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}

package io.footbridge.platform.background;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.jdbc.AutodetectJdbcCustomization;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.footbridge.platform.CommandOptions;
import io.footbridge.platform.Database;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code java -jar footbridge.jar bench scheduler [--executions=1000000] [--rate=N] [--threads=N]}: durable waits
 * on the background scheduler, as journeys will keep them. Writes the executions (due over a window that fires
 * them at {@code --rate} a second; 0: all due at once, to find the most it fires), starts a scheduler with the
 * application's settings and reports the firing rate and how late the executions started (due time to start).
 * It uses a table of its own, created like {@code scheduled_tasks} and dropped afterwards, so the application's
 * own scheduler neither sees nor slows it.
 */
@Component
@ConditionalOnProperty(name = "footbridge.command", havingValue = "bench")
class SchedulerBenchmark implements ApplicationRunner {

    private static final String TABLE = "bench_scheduled_tasks";
    private static final int BATCH = 10_000;

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final BackgroundProperties properties;
    private final Database database;

    SchedulerBenchmark(DataSource dataSource, JdbcClient jdbc, BackgroundProperties properties, Database database) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.properties = properties;
        this.database = database;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (!args.getNonOptionArgs().contains("scheduler")) {
            return;
        }
        CommandOptions options = CommandOptions.parse(args.getSourceArgs(),
                CommandOptions.Spec.of("executions", "rate", "threads")
                        .after("bench", "scheduler").passingSpringSettings());
        int executions = options.count("executions", 1_000_000);
        int rate = options.count("rate", 0);
        int threads = options.count("threads", properties.threads());
        createTable();
        try {
            measure(executions, rate, threads, database.description());
        } finally {
            jdbc.sql("DROP TABLE " + TABLE).update();
        }
    }

    private void measure(int executions, int rate, int threads, String database) throws InterruptedException {
        long[] lateness = new long[executions];
        AtomicInteger done = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(executions);
        OneTimeTask<Void> wait = Tasks.oneTime("bench-wait").execute((instance, context) -> {
            Instant due = context.getExecution().executionTime;
            int i = done.getAndIncrement();
            if (i < lateness.length) {
                lateness[i] = Duration.between(due, Instant.now()).toNanos();
            }
            all.countDown();
        });

        // written before the scheduler starts, with the first due a little after the writing is done
        SchedulerClient client = SchedulerClient.Builder.create(dataSource, List.of(wait)).tableName(TABLE)
                .jdbcCustomization(new AutodetectJdbcCustomization(dataSource, true)).build();
        long writeStart = System.nanoTime();
        Instant firstDue = Instant.now().plusSeconds(Math.max(5, executions / 20_000));
        double spacingNanos = rate > 0 ? 1e9 / rate : 0;
        List<TaskInstance<?>> batch = new ArrayList<>(BATCH);
        List<Instant> times = new ArrayList<>(BATCH);
        for (int i = 0; i < executions; i++) {
            batch.add(wait.instance("w" + i));
            times.add(firstDue.plusNanos((long) (i * spacingNanos)));
            if (batch.size() == BATCH || i == executions - 1) {
                List<SchedulableInstance<?>> schedulable = new ArrayList<>(batch.size());
                for (int j = 0; j < batch.size(); j++) {
                    schedulable.add(SchedulableInstance.of(batch.get(j), times.get(j)));
                }
                client.scheduleBatch(schedulable);
                batch.clear();
                times.clear();
            }
        }
        double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
        analyze();
        long untilDue = Duration.between(Instant.now(), firstDue).toMillis();
        if (untilDue > 0) {
            Thread.sleep(untilDue);
        }

        BackgroundProperties settings = new BackgroundProperties(properties.pollingInterval(), threads,
                properties.heartbeatInterval(), properties.shutdownWait(), properties.wakeLinger());
        Scheduler scheduler = BackgroundScheduler.configure(Scheduler.create(dataSource, List.of(wait)), dataSource,
                settings).tableName(TABLE).build();
        long fireStart = System.nanoTime();
        scheduler.start();
        boolean finished = all.await(2, TimeUnit.HOURS);
        double fireSeconds = (System.nanoTime() - fireStart) / 1e9;
        scheduler.stop();

        int n = Math.min(done.get(), executions);
        long[] sorted = Arrays.copyOf(lateness, n);
        Arrays.sort(sorted);
        System.out.printf("""
                        scheduler benchmark on %s: %,d one-off executions, %s, %d threads, polling every %d ms
                          written  %,.0f executions/s (%.1f s)
                          fired    %,.0f executions/s (%,d in %.1f s)%s
                          lateness p50 %.1f ms, p99 %.1f ms, max %.1f ms (due time to start of the run)
                        """, database, executions, rate > 0 ? "due at " + rate + "/s" : "all due at once", threads,
                settings.pollingInterval().toMillis(), executions / writeSeconds, writeSeconds, n / fireSeconds, n,
                fireSeconds, finished ? "" : " (stopped before all fired)", percentile(sorted, 0.50),
                percentile(sorted, 0.99), n == 0 ? 0 : sorted[n - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private void createTable() {
        if (postgres()) {
            jdbc.sql("CREATE TABLE " + TABLE + " (LIKE scheduled_tasks INCLUDING ALL)").update();
        } else {
            jdbc.sql("CREATE TABLE " + TABLE + " AS SELECT * FROM scheduled_tasks WITH NO DATA").update();
            jdbc.sql("ALTER TABLE " + TABLE + " ADD PRIMARY KEY (task_name, task_instance)").update();
            jdbc.sql("CREATE INDEX " + TABLE + "_execution_time_idx ON " + TABLE + " (execution_time)").update();
        }
    }

    private void analyze() {
        if (postgres()) {
            jdbc.sql("ANALYZE " + TABLE).update();
        }
    }

    private boolean postgres() {
        return database.postgres();
    }
}

package io.footbridge.platform.background;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.jdbc.AutodetectJdbcCustomization;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import io.footbridge.platform.BackgroundWork;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs every background task of the application on one db-scheduler {@link Scheduler} on our DataSource (its
 * table comes from our migrations; db-scheduler's Spring Boot starter is not used). Tasks are registered while the
 * beans are made; the scheduler starts with the context's lifecycle and stops after the modules have been told the
 * context is closing, waiting for the runs in progress.
 */
@Component
class BackgroundScheduler implements BackgroundWork, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BackgroundScheduler.class);

    static final String RECURRING = "recurring";
    private static final Duration UNKNOWN_RECHECK = Duration.ofSeconds(10);

    private final DataSource dataSource;
    private final BackgroundProperties properties;
    private final TaskMetrics metrics;
    private final List<Task<?>> tasks = new ArrayList<>();
    private final Map<String, WakeableRun> runs = new ConcurrentHashMap<>();
    private final CustomTask<Void> recurringTask = recurringTask();
    private volatile Scheduler scheduler;
    private volatile boolean recurringKnown;
    private volatile SchedulerClient client;
    private volatile boolean stopping;
    /** Brings woken tasks forward off the callers' threads; one is enough, each wake is one short update. */
    private final ScheduledExecutorService wakers = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "background-wake");
        thread.setDaemon(true);
        return thread;
    });

    BackgroundScheduler(DataSource dataSource, BackgroundProperties properties,
                        ObjectProvider<MeterRegistry> meters) {
        this.dataSource = dataSource;
        this.properties = properties;
        this.metrics = new TaskMetrics(meters.getIfAvailable());
    }

    @Override
    public Recurring recurring(String name, Duration every, Runnable work) {
        WakeableRun run = new WakeableRun(name, work, every);
        if (runs.putIfAbsent(name, run) != null) {
            throw new IllegalStateException("background task " + name + " is registered already");
        }
        Scheduler running = scheduler;
        if (running != null) {
            if (!recurringKnown) {
                throw new IllegalStateException("background task " + name + ": no recurring tasks on this node");
            }
            running.scheduleIfNotExists(recurringTask.instance(name), Instant.now());
        }
        return run;
    }

    /**
     * Every recurring task is an instance of one db-scheduler task, named by the instance id, so that one can be
     * added while the application runs (a feed followed late). A node that does not know an instance (another
     * version, a test's feed) leaves it for a while. A node with no recurring tasks at start does not take part.
     */
    private CustomTask<Void> recurringTask() {
        return Tasks.custom(RECURRING, Void.class)
                .onFailure((complete, operations) -> {
                    WakeableRun run = runs.get(complete.getExecution().taskInstance.getId());
                    Duration every = run == null ? UNKNOWN_RECHECK : run.every;
                    // consecutiveFailures counts the failures before this one
                    int failures = complete.getExecution().consecutiveFailures + 1;
                    operations.reschedule(complete, complete.getTimeDone().plus(backoff(every, failures)));
                })
                .onDeadExecutionRevive()
                .execute((instance, context) -> {
                    WakeableRun run = runs.get(instance.getId());
                    if (run == null) {
                        return new CompletionHandler.OnCompleteReschedule<>(Schedules.fixedDelay(UNKNOWN_RECHECK));
                    }
                    run.run();
                    return run.completion;
                });
    }

    @Override
    public synchronized <T extends Serializable> OneOff<T> oneOff(String name, Class<T> dataType, int maxRetries,
                                                                  Consumer<T> work) {
        claim(name);
        OneTimeTask<T> task = Tasks.oneTime(name, dataType)
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(maxRetries,
                        new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1), 2.0),
                        (complete, operations) -> {
                            log.error("Background task {} instance {} gave up after {} tries", name,
                                    complete.getExecution().taskInstance.getId(), maxRetries + 1);
                            operations.stop();
                        }))
                .execute((instance, context) -> reported(name, () -> work.accept(instance.getData())));
        tasks.add(task);
        return (id, at, data) -> client().scheduleIfNotExists(task.instance(id, data), at);
    }

    private void claim(String name) {
        if (scheduler != null) {
            throw new IllegalStateException("background task " + name + " registered after the scheduler started");
        }
        if (name.equals(RECURRING) || tasks.stream().anyMatch(task -> task.getName().equals(name))) {
            throw new IllegalStateException("background task " + name + " is registered already");
        }
    }

    /** The recurring tasks registered on this node, by name. */
    java.util.Set<String> recurringNames() {
        return java.util.Set.copyOf(runs.keySet());
    }

    /** The one-off tasks registered on this node, by name. */
    synchronized java.util.Set<String> oneOffNames() {
        return tasks.stream().map(Task::getName).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    boolean runsRecurring(String name) {
        return recurringKnown && runs.containsKey(name);
    }

    /** Wakes a recurring task of this node; false when there is none of the name. */
    boolean wake(String name) {
        WakeableRun run = runs.get(name);
        if (run == null || !runsRecurring(name)) {
            return false;
        }
        run.wake();
        return true;
    }

    /** Before the scheduler runs, instances are written with a client of their own; it needs no threads. */
    private SchedulerClient client() {
        Scheduler running = scheduler;
        if (running != null) {
            return running;
        }
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    client = SchedulerClient.Builder.create(dataSource, List.copyOf(tasks))
                            .jdbcCustomization(new AutodetectJdbcCustomization(dataSource, true)).build();
                }
            }
        }
        return client;
    }

    /**
     * Once the beans are made, before command-line runners (the benchmarks) run; again after a stop without a close
     * (a test context paused and resumed), with a fresh scheduler.
     */
    @Override
    public synchronized void start() {
        if (scheduler != null || stopping) {
            return;
        }
        recurringKnown = !runs.isEmpty();
        List<Task<?>> known = new ArrayList<>(tasks);
        if (recurringKnown) {
            known.add(recurringTask);
        }
        Scheduler built = configure(Scheduler.create(dataSource, known), dataSource, properties)
                .addSchedulerListener(metrics)
                .build();
        built.start();
        scheduler = built;
        Instant now = Instant.now();
        runs.keySet().forEach(name -> built.scheduleIfNotExists(recurringTask.instance(name), now));
        log.info("Background work started: {} tasks", tasks.size());
    }

    /** The settings every scheduler on our database uses, the benchmark's included. */
    static SchedulerBuilder configure(SchedulerBuilder builder, DataSource dataSource,
                                      BackgroundProperties properties) {
        AutodetectJdbcCustomization dialect = new AutodetectJdbcCustomization(dataSource, true);
        builder.jdbcCustomization(dialect)
                .pollingInterval(properties.pollingInterval())
                .threads(properties.threads())
                .heartbeatInterval(properties.heartbeatInterval())
                .missedHeartbeatsLimit(4)
                .shutdownMaxWait(properties.shutdownWait())
                .enableImmediateExecution()
                // failures are logged by type only (TaskMetrics): a message may quote personal data
                .failureLogging(LogLevel.OFF, false);
        if (dialect.supportsSingleStatementLockAndFetch()) {
            builder.pollUsingLockAndFetch(0.5, 1.0);
        }
        return builder;
    }

    /** The modules' stopping flags are set by now (the context-closed event comes before lifecycles stop). */
    @EventListener(ContextClosedEvent.class)
    void closing() {
        stopping = true;
        wakers.shutdownNow();
    }

    /** Waits for the runs in progress; their rows are picked up again at the next start, here or on another node. */
    @Override
    public synchronized void stop() {
        Scheduler running = scheduler;
        scheduler = null;
        if (running != null) {
            running.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /**
     * A recurring task that failed runs again after its interval, then twice that, four times … up to a minute (or
     * its interval, if longer): a database that is away is not hammered, and one that is back is used again soon.
     */
    static Duration backoff(Duration every, int failures) {
        Duration cap = every.compareTo(Duration.ofMinutes(1)) > 0 ? every : Duration.ofMinutes(1);
        Duration wait = every.multipliedBy(1L << Math.min(Math.max(failures, 1) - 1, 20));
        return wait.compareTo(cap) > 0 ? cap : wait;
    }

    private static void reported(String name, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("Background task {} failed: {}", name, e.getClass().getName());
            throw e;
        }
    }

    /**
     * A recurring run that a wake brings forward: it is rescheduled to now in the table and this node looks for due
     * work at once. A wake during a run makes the run go round once more, so a write that came in while it read is
     * not left for the next turn.
     */
    private final class WakeableRun implements Recurring {

        private final String name;
        private final Runnable work;
        private final Duration every;
        private final CompletionHandler<Void> completion = new CompletionHandler.OnCompleteReschedule<>(schedule());
        private final AtomicBoolean running = new AtomicBoolean();
        private final AtomicBoolean again = new AtomicBoolean();
        private final AtomicBoolean waking = new AtomicBoolean();

        WakeableRun(String name, Runnable work, Duration every) {
            this.name = name;
            this.work = work;
            this.every = every;
        }

        void run() {
            running.set(true);
            try {
                do {
                    again.set(false);
                    reported(name, work);
                } while (again.get() && !stopping);
            } finally {
                running.set(false);
            }
        }

        /** Fixed delay after each run, or at once when a wake came too late for the run that just ended. */
        Schedule schedule() {
            return new Schedule() {
                @Override
                public Instant getNextExecutionTime(ExecutionComplete done) {
                    return again.getAndSet(false) ? done.getTimeDone() : done.getTimeDone().plus(every);
                }

                @Override
                public Instant getInitialExecutionTime(Instant now) {
                    return now;
                }

                @Override
                public boolean isDeterministic() {
                    return false;
                }
            };
        }

        /**
         * Called after every ingest write commits, so it must cost the caller nothing: the wake is handed to the
         * waker thread, which waits {@code wakeLinger} for more wakes of this task and then brings it forward once.
         */
        @Override
        public void wake() {
            again.set(true);
            if (this.running.get() || scheduler == null || stopping || !waking.compareAndSet(false, true)) {
                return;
            }
            try {
                wakers.schedule(this::bringForward, properties.wakeLinger().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                waking.set(false);
            }
        }

        private void bringForward() {
            Scheduler running = scheduler;
            try {
                // a run that started meanwhile has seen the writes, or goes round once more for them
                if (!this.running.get() && running != null && !stopping
                        && running.reschedule(TaskInstanceId.of(RECURRING, name), Instant.now())) {
                    running.triggerCheckForDueExecutions();
                }
            } catch (RuntimeException busy) {
                // another node runs it right now; that run or the next one sees the write
            } finally {
                waking.set(false);
            }
        }
    }
}

package io.footbridge.platform.background;

import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.Execution;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A metric per background task: {@code footbridge.background.runs} (a timer tagged with the task and its result),
 * and {@code footbridge.background.last.success} / {@code .last.failure} (seconds since the epoch, 0 for never)
 * and {@code footbridge.background.failures} (failures in a row), all as this node saw them.
 */
final class TaskMetrics extends AbstractSchedulerListener {

    private final MeterRegistry registry;
    private final Map<String, State> tasks = new ConcurrentHashMap<>();

    TaskMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    private static final class State {
        final AtomicLong lastSuccess = new AtomicLong();
        final AtomicLong lastFailure = new AtomicLong();
        final AtomicLong failuresInARow = new AtomicLong();
    }

    @Override
    public void onExecutionComplete(ExecutionComplete complete) {
        if (registry == null) {
            return;
        }
        String task = name(complete.getExecution());
        boolean ok = complete.getResult() == ExecutionComplete.Result.OK;
        Timer.builder("footbridge.background.runs").description("Runs of a background task, by result")
                .tag("task", task).tag("result", ok ? "ok" : "failed").register(registry)
                .record(complete.getDuration());
        State state = tasks.computeIfAbsent(task, this::register);
        long at = complete.getTimeDone().getEpochSecond();
        if (ok) {
            state.lastSuccess.set(at);
            state.failuresInARow.set(0);
        } else {
            state.lastFailure.set(at);
            state.failuresInARow.incrementAndGet();
        }
    }

    @Override
    public void onExecutionDead(Execution execution) {
        if (registry != null) {
            registry.counter("footbridge.background.dead", "task", name(execution)).increment();
        }
    }

    /** Recurring tasks are instances of one db-scheduler task; one-off tasks share their task's name. */
    private static String name(Execution execution) {
        return execution.getTaskName().equals(BackgroundScheduler.RECURRING) ? execution.getId()
                : execution.getTaskName();
    }

    private State register(String task) {
        State state = new State();
        Gauge.builder("footbridge.background.last.success", state.lastSuccess, AtomicLong::get)
                .description("When the task last ran to the end, in seconds since the epoch").baseUnit("seconds")
                .tag("task", task).register(registry);
        Gauge.builder("footbridge.background.last.failure", state.lastFailure, AtomicLong::get)
                .description("When the task last failed, in seconds since the epoch").baseUnit("seconds")
                .tag("task", task).register(registry);
        Gauge.builder("footbridge.background.failures", state.failuresInARow, AtomicLong::get)
                .description("Failures of the task in a row").tag("task", task).register(registry);
        return state;
    }
}

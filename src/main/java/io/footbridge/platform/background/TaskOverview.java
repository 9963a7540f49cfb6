package io.footbridge.platform.background;

import io.footbridge.platform.BackgroundTasks;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads db-scheduler's table, which every node writes, so the page shows the whole installation's work. */
@Component
class TaskOverview implements BackgroundTasks {

    private final JdbcClient jdbc;
    private final BackgroundScheduler scheduler;

    TaskOverview(JdbcClient jdbc, BackgroundScheduler scheduler) {
        this.jdbc = jdbc;
        this.scheduler = scheduler;
    }

    @Override
    public List<Task> list() {
        Map<String, Task> tasks = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT task_instance, last_success, last_failure, consecutive_failures, execution_time, picked
                        FROM scheduled_tasks WHERE task_name = :recurring
                        """)
                .param("recurring", BackgroundScheduler.RECURRING)
                .query(rs -> {
                    String name = rs.getString("task_instance");
                    tasks.put(name, new Task(name, true, Timestamps.instant(rs, "last_success"),
                            Timestamps.instant(rs, "last_failure"), rs.getInt("consecutive_failures"),
                            Timestamps.instant(rs, "execution_time"), 1, rs.getBoolean("picked"),
                            scheduler.runsRecurring(name)));
                });
        // one-off tasks may have many instances waiting (journeys' durable waits): one row each, summed up here
        jdbc.sql("""
                        SELECT task_name, MAX(last_success) AS last_success, MAX(last_failure) AS last_failure,
                               MAX(consecutive_failures) AS failures, MIN(execution_time) AS next_run,
                               COUNT(*) AS waiting, SUM(CASE WHEN picked THEN 1 ELSE 0 END) AS running
                        FROM scheduled_tasks WHERE task_name <> :recurring
                        GROUP BY task_name
                        """)
                .param("recurring", BackgroundScheduler.RECURRING)
                .query(rs -> {
                    tasks.put(rs.getString("task_name"), oneOff(rs));
                });
        scheduler.recurringNames().forEach(name -> tasks.putIfAbsent(name,
                new Task(name, true, null, null, 0, null, 0, false, scheduler.runsRecurring(name))));
        scheduler.oneOffNames().forEach(name -> tasks.putIfAbsent(name,
                new Task(name, false, null, null, 0, null, 0, false, false)));
        List<Task> sorted = new ArrayList<>(tasks.values());
        sorted.sort(Comparator.comparing((Task task) -> !task.recurring()).thenComparing(Task::name));
        return sorted;
    }

    @Override
    public boolean runNow(String name) {
        return scheduler.wake(name);
    }

    private static Task oneOff(ResultSet rs) throws SQLException {
        return new Task(rs.getString("task_name"), false, Timestamps.instant(rs, "last_success"),
                Timestamps.instant(rs, "last_failure"), rs.getInt("failures"), Timestamps.instant(rs, "next_run"),
                rs.getLong("waiting"), rs.getLong("running") > 0, false);
    }
}

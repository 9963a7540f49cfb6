package io.footbridge.journeys.flow;

import io.footbridge.journeys.JourneyTasks;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Scope;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The task step's tasks: written by the runner in its transaction, read and closed by staff. */
@Service
class StaffTasks implements JourneyTasks {

    private static final String TASK = """
            SELECT t.id, t.journey_id, j.name, t.person_id, t.store_id, t.title, t.status, t.created_at, t.done_at,
                   t.done_by FROM journey_task t JOIN journey j ON j.id = t.journey_id
            """;

    private final JdbcClient jdbc;
    private final Stores stores;

    StaffTasks(JdbcClient jdbc, Stores stores) {
        this.jdbc = jdbc;
        this.stores = stores;
    }

    /** Opens the task for an entry's step; once per entry and step, also when the step runs again after a crash. */
    void open(JourneyRepository.Entry e, int seq, UUID storeId, String title, Instant now) {
        jdbc.sql("""
                        INSERT INTO journey_task (id, tenant_id, journey_id, entry_id, seq, person_id, store_id, title,
                            status, created_at)
                        SELECT :id, :tenantId, :journeyId, :entryId, :seq, :personId, :storeId, :title, 'open', :now
                        WHERE NOT EXISTS (SELECT 1 FROM journey_task WHERE entry_id = :entryId AND seq = :seq)
                        """)
                .param("id", UUID.randomUUID()).param("tenantId", e.tenantId()).param("journeyId", e.journeyId())
                .param("entryId", e.id()).param("seq", seq).param("personId", e.personId())
                .param("storeId", storeId).param("title", title).param("now", Timestamps.of(now)).update();
    }

    @Override
    @Transactional(readOnly = true)
    public List<Task> list(Actor actor, UUID journeyId, boolean openOnly, int limit) {
        requireRead(actor);
        // a store-bound caller's stores are few; the filter on them runs in SQL so the limit counts what they see
        List<UUID> storeIds = actor.allStores() ? List.of() : List.copyOf(actor.storeIds());
        if (!actor.allStores() && storeIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(TASK + """
                         WHERE t.tenant_id = :tenantId
                          AND (CAST(:journeyId AS UUID) IS NULL OR t.journey_id = :journeyId)
                          AND (:openOnly = FALSE OR t.status = 'open')
                          AND (:allStores = TRUE OR t.store_id IN (:storeIds))
                        ORDER BY CASE WHEN t.status = 'open' THEN 0 ELSE 1 END, t.created_at DESC
                        FETCH FIRST :limit ROWS ONLY
                        """)
                .param("tenantId", actor.tenantId()).param("journeyId", journeyId).param("openOnly", openOnly)
                .param("allStores", actor.allStores())
                .param("storeIds", storeIds.isEmpty() ? List.of(new UUID(0, 0)) : storeIds)
                .param("limit", Math.max(1, Math.min(limit, 500)))
                .query((rs, row) -> task(actor, rs)).list();
    }

    @Override
    @Transactional
    public Task done(Actor actor, UUID taskId) {
        if (!actor.has(Scope.STORES_WRITE) && !actor.has(Scope.JOURNEYS_WRITE)) {
            throw ProblemException.forbidden("Marking a task done needs stores:write or journeys:write.");
        }
        Task task = find(actor, taskId);
        if (task.status().equals("open")) {
            jdbc.sql("""
                            UPDATE journey_task SET status = 'done', done_at = :now, done_by = :by
                            WHERE id = :id AND tenant_id = :tenantId AND status = 'open'
                            """)
                    .param("now", Timestamps.of(Instant.now()))
                    .param("by", actor.label() == null || actor.label().length() <= 200 ? actor.label()
                            : actor.label().substring(0, 200))
                    .param("id", taskId).param("tenantId", actor.tenantId()).update();
        }
        return find(actor, taskId);
    }

    private Task find(Actor actor, UUID taskId) {
        requireRead(actor);
        return jdbc.sql(TASK + " WHERE t.id = :id AND t.tenant_id = :tenantId")
                .param("id", taskId).param("tenantId", actor.tenantId())
                .query((rs, row) -> task(actor, rs)).optional()
                .filter(t -> t.storeId() == null ? actor.allStores() : actor.canAccessStore(t.storeId()))
                .orElseThrow(() -> ProblemException.notFound("task", taskId));
    }

    private static void requireRead(Actor actor) {
        if (!actor.has(Scope.STORES_READ) && !actor.has(Scope.JOURNEYS_READ)) {
            throw ProblemException.forbidden("Tasks need stores:read or journeys:read.");
        }
    }

    private Task task(Actor actor, ResultSet rs) throws SQLException {
        UUID storeId = rs.getObject("store_id", UUID.class);
        java.util.Optional<StoreRef> store = storeId == null ? java.util.Optional.empty()
                : stores.findById(actor.tenantId(), storeId);
        return new Task(rs.getObject("id", UUID.class), rs.getObject("journey_id", UUID.class),
                rs.getString("name"), rs.getObject("person_id", UUID.class), storeId,
                store.map(StoreRef::code).orElse(null), store.map(StoreRef::timeZone).orElse(java.time.ZoneOffset.UTC),
                rs.getString("title"), rs.getString("status"),
                Timestamps.instant(rs, "created_at"), Timestamps.instant(rs, "done_at"), rs.getString("done_by"));
    }
}

package io.footbridge.audiences.membership;

import io.footbridge.platform.Timestamps;
import io.footbridge.audiences.Segments;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Segments as saved, their members and the record of entries and exits. */
@Repository
class SegmentRepository {

    /** A segment as saved: its rule as JSON text. */
    record Saved(UUID id, UUID tenantId, String name, UUID storeId, String rule, Instant createdAt,
                 Instant updatedAt) {
    }

    private static final String COLUMNS = "id, tenant_id, name, store_id, rule, created_at, updated_at";
    private static final RowMapper<Saved> SAVED = (rs, row) -> new Saved(rs.getObject("id", UUID.class),
            rs.getObject("tenant_id", UUID.class), rs.getString("name"), rs.getObject("store_id", UUID.class),
            rs.getString("rule"), Timestamps.instant(rs, "created_at"), Timestamps.instant(rs, "updated_at"));

    /** About a minute of waiting for the clock, in growing steps, on top of the database's own wait. */
    private static final int CLOCK_ATTEMPTS = 40;

    private final JdbcClient jdbc;

    SegmentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Holds the clock row until the caller's transaction ends; answers when windows were last passed. Whatever changes
     * membership takes it first, so that a segment being saved and an event being evaluated see each other's work.
     */
    Instant holdClock() {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbc.sql("SELECT passed_at FROM segment_clock WHERE name = 'windows' FOR UPDATE")
                        .query((rs, row) -> Timestamps.instant(rs, "passed_at")).single();
            } catch (QueryTimeoutException | PessimisticLockingFailureException busy) {
                // H2 gives up waiting for a lock after a second, and a pass can hold the clock for longer; the refused
                // statement alone is undone there, so waiting again keeps the caller's transaction (PostgreSQL waits)
                if (attempt >= CLOCK_ATTEMPTS) {
                    throw busy;
                }
                try {
                    Thread.sleep(Math.min(2_000L, 50L * attempt));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw busy;
                }
            }
        }
    }

    void insert(Saved s) {
        jdbc.sql("""
                        INSERT INTO segment (id, tenant_id, name, store_id, rule, created_at, updated_at)
                        VALUES (:id, :tenantId, :name, :storeId, :rule, :createdAt, :updatedAt)
                        """)
                .param("id", s.id()).param("tenantId", s.tenantId()).param("name", s.name())
                .param("storeId", s.storeId()).param("rule", s.rule())
                .param("createdAt", Timestamps.of(s.createdAt())).param("updatedAt", Timestamps.of(s.updatedAt()))
                .update();
    }

    void update(UUID tenantId, UUID id, String name, String rule, Instant at) {
        jdbc.sql("""
                        UPDATE segment SET name = :name, rule = :rule, updated_at = :at
                        WHERE tenant_id = :tenantId AND id = :id
                        """)
                .param("name", name).param("rule", rule).param("at", Timestamps.of(at))
                .param("tenantId", tenantId).param("id", id).update();
    }

    Optional<Saved> find(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM segment WHERE tenant_id = :tenantId AND id = :id")
                .param("tenantId", tenantId).param("id", id).query(SAVED).optional();
    }

    /** The tenant's segments by name; only those of these stores when {@code storeIds} is not null. */
    List<Saved> list(UUID tenantId, Set<UUID> storeIds) {
        if (storeIds == null) {
            return jdbc.sql("SELECT " + COLUMNS + " FROM segment WHERE tenant_id = :tenantId ORDER BY name, id")
                    .param("tenantId", tenantId).query(SAVED).list();
        }
        if (storeIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM segment WHERE tenant_id = :tenantId AND store_id IN (:stores)"
                        + " ORDER BY name, id")
                .param("tenantId", tenantId).param("stores", storeIds).query(SAVED).list();
    }

    /** Tenants that have segments, for the pass over expiring windows. */
    List<UUID> tenants() {
        return jdbc.sql("SELECT DISTINCT tenant_id FROM segment").query(UUID.class).list();
    }

    long size(UUID segmentId) {
        return jdbc.sql("SELECT COUNT(*) FROM segment_member WHERE segment_id = :id").param("id", segmentId)
                .query(Long.class).single();
    }

    List<UUID> members(UUID segmentId, UUID after, int limit) {
        return jdbc.sql("""
                        SELECT person_id FROM segment_member WHERE segment_id = :id
                          AND (CAST(:after AS UUID) IS NULL OR person_id > :after)
                        ORDER BY person_id LIMIT :limit
                        """)
                .param("id", segmentId).param("after", after).param("limit", limit).query(UUID.class).list();
    }

    /** Which of these people are members now. */
    List<UUID> members(UUID segmentId, Collection<UUID> people) {
        return jdbc.sql("SELECT person_id FROM segment_member WHERE segment_id = :id AND person_id IN (:people)")
                .param("id", segmentId).param("people", people).query(UUID.class).list();
    }

    List<UUID> allMembers(UUID segmentId) {
        return jdbc.sql("SELECT person_id FROM segment_member WHERE segment_id = :id").param("id", segmentId)
                .query(UUID.class).list();
    }

    void enter(UUID tenantId, UUID segmentId, UUID person, Instant at) {
        int added = jdbc.sql("""
                        INSERT INTO segment_member (tenant_id, segment_id, person_id, entered_at)
                        SELECT :tenantId, :segmentId, :person, :at WHERE NOT EXISTS (SELECT 1 FROM segment_member
                            WHERE segment_id = :segmentId AND person_id = :person)
                        """)
                .param("tenantId", tenantId).param("segmentId", segmentId).param("person", person)
                .param("at", Timestamps.of(at)).update();
        if (added == 1) {
            change(tenantId, segmentId, person, true, at);
        }
    }

    boolean leave(UUID tenantId, UUID segmentId, UUID person, Instant at) {
        int removed = jdbc.sql("DELETE FROM segment_member WHERE segment_id = :segmentId AND person_id = :person")
                .param("segmentId", segmentId).param("person", person).update();
        if (removed == 1) {
            change(tenantId, segmentId, person, false, at);
        }
        return removed == 1;
    }

    private void change(UUID tenantId, UUID segmentId, UUID person, boolean entered, Instant at) {
        jdbc.sql("""
                        INSERT INTO segment_change (tenant_id, segment_id, person_id, entered, at)
                        VALUES (:tenantId, :segmentId, :person, :entered, :at)
                        """)
                .param("tenantId", tenantId).param("segmentId", segmentId).param("person", person)
                .param("entered", entered).param("at", Timestamps.of(at)).update();
    }

    List<Segments.Change> changes(UUID segmentId, int limit) {
        return jdbc.sql("""
                        SELECT segment_id, person_id, entered, at FROM segment_change WHERE segment_id = :id
                        ORDER BY at DESC, id DESC LIMIT :limit
                        """)
                .param("id", segmentId).param("limit", limit)
                .query((rs, row) -> new Segments.Change(rs.getObject("segment_id", UUID.class),
                        rs.getObject("person_id", UUID.class), rs.getBoolean("entered"), Timestamps.instant(rs, "at")))
                .list();
    }

    List<Segments.Change> history(UUID tenantId, UUID person, int limit) {
        return jdbc.sql("""
                        SELECT segment_id, person_id, entered, at FROM segment_change
                        WHERE tenant_id = :tenantId AND person_id = :person
                        ORDER BY at DESC, id DESC LIMIT :limit
                        """)
                .param("tenantId", tenantId).param("person", person).param("limit", limit)
                .query((rs, row) -> new Segments.Change(rs.getObject("segment_id", UUID.class),
                        rs.getObject("person_id", UUID.class), rs.getBoolean("entered"), Timestamps.instant(rs, "at")))
                .list();
    }

    List<UUID> segmentsOf(UUID tenantId, UUID person) {
        return jdbc.sql("SELECT segment_id FROM segment_member WHERE tenant_id = :tenantId AND person_id = :person")
                .param("tenantId", tenantId).param("person", person).query(UUID.class).list();
    }
}

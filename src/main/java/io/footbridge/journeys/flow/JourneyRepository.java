package io.footbridge.journeys.flow;

import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Journeys, their versions and their people's entries. */
@Repository
class JourneyRepository {

    private static final String JOURNEY = """
            SELECT id, tenant_id, name, status, version, activated_at, created_at, updated_at FROM journey
            """;
    private static final String ENTRY = """
            SELECT id, tenant_id, journey_id, version, person_id, store_id, holdout, status, pc, wait_pc, steps_run,
                   attempts, due_at, entered_at, goal_until, context FROM journey_entry
            """;

    record Saved(UUID id, UUID tenantId, String name, String status, int version, Instant activatedAt,
                 Instant createdAt, Instant updatedAt) {
    }

    /** An entry as the runner moves it on. */
    record Entry(UUID id, UUID tenantId, UUID journeyId, int version, UUID personId, UUID storeId, boolean holdout,
                 String status, int pc, Integer waitPc, int stepsRun, int attempts, Instant dueAt, Instant enteredAt,
                 Instant goalUntil, String context) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    JourneyRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    void insert(UUID id, UUID tenantId, String name, String definition, Instant now) {
        jdbc.sql("""
                        INSERT INTO journey (id, tenant_id, name, status, version, created_at, updated_at)
                        VALUES (:id, :tenantId, :name, 'draft', 1, :now, :now)
                        """)
                .param("id", id).param("tenantId", tenantId).param("name", name).param("now", Timestamps.of(now))
                .update();
        insertVersion(id, 1, definition, now);
    }

    void insertVersion(UUID id, int version, String definition, Instant now) {
        jdbc.sql("""
                        INSERT INTO journey_version (journey_id, version, definition, created_at)
                        VALUES (:id, :version, :definition, :now)
                        """)
                .param("id", id).param("version", version).param("definition", definition)
                .param("now", Timestamps.of(now)).update();
    }

    void newVersion(UUID tenantId, UUID id, String name, int version, String definition, Instant now) {
        insertVersion(id, version, definition, now);
        jdbc.sql("""
                        UPDATE journey SET name = :name, version = :version, updated_at = :now
                        WHERE tenant_id = :tenantId AND id = :id
                        """)
                .param("name", name).param("version", version).param("now", Timestamps.of(now))
                .param("tenantId", tenantId).param("id", id).update();
    }

    Optional<Saved> find(UUID tenantId, UUID id) {
        return jdbc.sql(JOURNEY + " WHERE tenant_id = :tenantId AND id = :id")
                .param("tenantId", tenantId).param("id", id).query(JourneyRepository::saved).optional();
    }

    /** Locks the journey row: changes of status and versions are serialised. */
    Optional<Saved> lock(UUID tenantId, UUID id) {
        return jdbc.sql(JOURNEY + " WHERE tenant_id = :tenantId AND id = :id FOR UPDATE")
                .param("tenantId", tenantId).param("id", id).query(JourneyRepository::saved).optional();
    }

    List<Saved> list(UUID tenantId) {
        return jdbc.sql(JOURNEY + " WHERE tenant_id = :tenantId ORDER BY name, id")
                .param("tenantId", tenantId).query(JourneyRepository::saved).list();
    }

    /** Active journeys of a tenant, or of every tenant when null. */
    List<Saved> active(UUID tenantId) {
        if (tenantId == null) {
            return jdbc.sql(JOURNEY + " WHERE status = 'active'").query(JourneyRepository::saved).list();
        }
        return jdbc.sql(JOURNEY + " WHERE status = 'active' AND tenant_id = :tenantId").param("tenantId", tenantId)
                .query(JourneyRepository::saved).list();
    }

    String definition(UUID id, int version) {
        return jdbc.sql("SELECT definition FROM journey_version WHERE journey_id = :id AND version = :version")
                .param("id", id).param("version", version).query(String.class).single();
    }

    void status(UUID tenantId, UUID id, String status, Instant now) {
        jdbc.sql("""
                        UPDATE journey SET status = :status, updated_at = :now,
                            activated_at = CASE WHEN :status = 'active' THEN COALESCE(activated_at, :now)
                                ELSE activated_at END
                        WHERE tenant_id = :tenantId AND id = :id
                        """)
                .param("status", status).param("now", Timestamps.of(now)).param("tenantId", tenantId)
                .param("id", id).update();
    }

    /** Counts of entries by status, per journey of the tenant: {journey, status, count}. */
    List<Object[]> counts(UUID tenantId) {
        return jdbc.sql("""
                        SELECT journey_id, status, COUNT(*) AS n,
                               SUM(CASE WHEN converted_at IS NULL THEN 0 ELSE 1 END) AS converted
                        FROM journey_entry WHERE tenant_id = :tenantId GROUP BY journey_id, status
                        """)
                .param("tenantId", tenantId)
                .query((rs, row) -> new Object[]{rs.getObject("journey_id", UUID.class), rs.getString("status"),
                        rs.getLong("n"), rs.getLong("converted")}).list();
    }

    /**
     * Makes sure the person has a row for this journey and locks it, so entries of one person into one journey
     * are decided one at a time. Answers {entries so far, last entered at}.
     */
    Object[] lockPerson(UUID tenantId, UUID journeyId, UUID personId, Instant now) {
        jdbc.sql("""
                        INSERT INTO journey_person (journey_id, person_id, tenant_id, last_entered_at, entries)
                        VALUES (:journeyId, :personId, :tenantId, :now, 0) ON CONFLICT DO NOTHING
                        """)
                .param("journeyId", journeyId).param("personId", personId).param("tenantId", tenantId)
                .param("now", Timestamps.of(now)).update();
        return jdbc.sql("""
                        SELECT entries, last_entered_at FROM journey_person
                        WHERE journey_id = :journeyId AND person_id = :personId FOR UPDATE
                        """)
                .param("journeyId", journeyId).param("personId", personId)
                .query((rs, row) -> new Object[]{rs.getInt("entries"), Timestamps.instant(rs, "last_entered_at")})
                .single();
    }

    /**
     * As {@link #lockPerson} for many people at once (a pass's triggers): their rows are made, then locked in one
     * order, as merges lock them. Answers each person's {entries so far, last entered at}.
     */
    Map<UUID, Object[]> lockPeople(UUID tenantId, UUID journeyId, List<UUID> people, Instant now) {
        Map<UUID, Object[]> locked = new HashMap<>();
        if (people.isEmpty()) {
            return locked;
        }
        // rows made and locked in the order merges lock them (journey by journey, person by person): no cycle
        people = people.stream().sorted().toList();
        template.batchUpdate("""
                INSERT INTO journey_person (journey_id, person_id, tenant_id, last_entered_at, entries)
                VALUES (?, ?, ?, ?, 0) ON CONFLICT DO NOTHING
                """, people.stream().map(p -> new Object[]{journeyId, p, tenantId, Timestamps.of(now)}).toList());
        for (List<UUID> some : chunks(people)) {
            jdbc.sql("""
                            SELECT person_id, entries, last_entered_at FROM journey_person
                            WHERE journey_id = :journeyId AND person_id IN (:people) ORDER BY person_id FOR UPDATE
                            """)
                    .param("journeyId", journeyId).param("people", some)
                    .query((rs, row) -> locked.put(rs.getObject("person_id", UUID.class),
                            new Object[]{rs.getInt("entries"), Timestamps.instant(rs, "last_entered_at")}))
                    .list();
        }
        return locked;
    }

    /** Which of these people are inside the journey now. */
    Set<UUID> inside(UUID tenantId, UUID journeyId, List<UUID> people) {
        Set<UUID> inside = new HashSet<>();
        for (List<UUID> some : chunks(people)) {
            // by the person first, as below
            inside.addAll(jdbc.sql("""
                            SELECT person_id FROM journey_entry
                            WHERE tenant_id = :tenantId AND person_id IN (:people) AND status = 'active'
                              AND journey_id = :journeyId
                            """)
                    .param("tenantId", tenantId).param("journeyId", journeyId).param("people", some)
                    .query(UUID.class).list());
        }
        return inside;
    }

    /** IN lists stay short enough for both databases' parameter limits. */
    private static List<List<UUID>> chunks(List<UUID> all) {
        List<List<UUID>> chunks = new ArrayList<>();
        for (int start = 0; start < all.size(); start += 1000) {
            chunks.add(all.subList(start, Math.min(all.size(), start + 1000)));
        }
        return chunks;
    }

    boolean inside(UUID tenantId, UUID journeyId, UUID personId) {
        // by the person first: a journey may hold a million people
        return jdbc.sql("""
                        SELECT COUNT(*) FROM journey_entry
                        WHERE tenant_id = :tenantId AND person_id = :personId AND status = 'active'
                          AND journey_id = :journeyId
                        """)
                .param("tenantId", tenantId).param("journeyId", journeyId).param("personId", personId)
                .query(Long.class).single() > 0;
    }

    void insertEntry(Entry e) {
        jdbc.sql("""
                        INSERT INTO journey_entry (id, tenant_id, journey_id, version, person_id, store_id, holdout,
                            status, pc, steps_run, attempts, due_at, entered_at, goal_until, context)
                        VALUES (:id, :tenantId, :journeyId, :version, :personId, :storeId, :holdout, 'active', 0, 0,
                            0, :dueAt, :enteredAt, :goalUntil, :context)
                        """)
                .param("id", e.id()).param("tenantId", e.tenantId()).param("journeyId", e.journeyId())
                .param("version", e.version()).param("personId", e.personId()).param("storeId", e.storeId())
                .param("holdout", e.holdout()).param("dueAt", Timestamps.of(e.dueAt()))
                .param("enteredAt", Timestamps.of(e.enteredAt()))
                .param("goalUntil", e.goalUntil() == null ? null : Timestamps.of(e.goalUntil()))
                .param("context", e.context()).update();
        jdbc.sql("""
                        UPDATE journey_person SET entries = entries + 1, last_entered_at = :now
                        WHERE journey_id = :journeyId AND person_id = :personId
                        """)
                .param("now", Timestamps.of(e.enteredAt())).param("journeyId", e.journeyId())
                .param("personId", e.personId()).update();
    }

    /** As {@link #insertEntry} for many entries, one batched statement each; their people's rows are locked. */
    void insertEntries(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        template.batchUpdate("""
                INSERT INTO journey_entry (id, tenant_id, journey_id, version, person_id, store_id, holdout,
                    status, pc, steps_run, attempts, due_at, entered_at, goal_until, context)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'active', 0, 0, 0, ?, ?, ?, ?)
                """, entries.stream().map(e -> new Object[]{e.id(), e.tenantId(), e.journeyId(), e.version(),
                e.personId(), e.storeId(), e.holdout(), Timestamps.of(e.dueAt()), Timestamps.of(e.enteredAt()),
                e.goalUntil() == null ? null : Timestamps.of(e.goalUntil()), e.context()}).toList());
        template.batchUpdate("""
                UPDATE journey_person SET entries = entries + 1, last_entered_at = ?
                WHERE journey_id = ? AND person_id = ?
                """, entries.stream().map(e -> new Object[]{Timestamps.of(e.enteredAt()), e.journeyId(),
                e.personId()}).toList());
    }

    /** What a claimed entry sitting in a waitFor listens for: the event, its store, since when, when heard. */
    record Listening(String event, UUID storeId, Instant since, Instant heardAt) {
    }

    /** A claimed entry with what it listens for (null: nothing). */
    record Claimed(Entry entry, Listening listening) {
    }

    /**
     * Claims entries that are due, locking them; other workers skip what is locked here, so each entry is moved on
     * by one worker at a time. Paused journeys' entries are left waiting.
     */
    List<Claimed> claimDue(Instant now, int limit) {
        return jdbc.sql(ENTRY.replace(" FROM", ", wait_event, wait_store_id, wait_since, wait_heard_at FROM") + """
                         WHERE status = 'active' AND due_at <= :now
                          AND journey_id IN (SELECT id FROM journey WHERE status = 'active')
                        ORDER BY due_at FETCH FIRST :limit ROWS ONLY FOR UPDATE SKIP LOCKED
                        """)
                .param("now", Timestamps.of(now)).param("limit", limit)
                .query((rs, row) -> new Claimed(entry(rs, row), rs.getString("wait_event") == null ? null
                        : new Listening(rs.getString("wait_event"), rs.getObject("wait_store_id", UUID.class),
                        Timestamps.instant(rs, "wait_since"), Timestamps.instant(rs, "wait_heard_at"))))
                .list();
    }

    /** The earliest due time after {@code after} of an active entry; null when none. */
    Instant nextDue(Instant after) {
        return jdbc.sql("SELECT MIN(due_at) AS next_due FROM journey_entry WHERE status = 'active' AND due_at > :after")
                .param("after", Timestamps.of(after)).query((rs, row) -> Optional.ofNullable(
                        Timestamps.instant(rs, "next_due"))).single().orElse(null);
    }

    /** A step's line as the runner writes it. */
    record Line(Entry entry, int pc, int seq, Program.Step step, String status, String detail, Instant at) {
    }

    /**
     * An entry's new place: its position, the step count, when it is due next (null: ended), its status (active, or
     * how it ended, with the reason) and what it listens for now (null: nothing).
     */
    record Move(UUID id, int pc, Integer waitPc, int stepsRun, int attempts, Instant dueAt, String status,
                String endReason, Instant endedAt, Listening listening) {

        static Move to(UUID id, int pc, Integer waitPc, int stepsRun, int attempts, Instant dueAt) {
            return new Move(id, pc, waitPc, stepsRun, attempts, dueAt, "active", null, null, null);
        }
    }

    /**
     * Writes a batch's step lines in one batched statement; a line the entry has already at its count is kept
     * (as {@link #step} does).
     */
    void lines(List<Line> lines) {
        if (lines.isEmpty()) {
            return;
        }
        template.batchUpdate("""
                INSERT INTO journey_step (entry_id, seq, tenant_id, journey_id, version, pc, path, kind, status,
                    detail, at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                Line line = lines.get(i);
                Entry e = line.entry();
                ps.setObject(1, e.id());
                ps.setInt(2, line.seq());
                ps.setObject(3, e.tenantId());
                ps.setObject(4, e.journeyId());
                ps.setInt(5, e.version());
                ps.setInt(6, line.pc());
                ps.setString(7, line.step().path());
                ps.setString(8, line.step().kind());
                ps.setString(9, line.status());
                ps.setString(10, shortened(line.detail()));
                ps.setObject(11, Timestamps.of(line.at()));
            }

            @Override
            public int getBatchSize() {
                return lines.size();
            }
        });
    }

    /** Writes a batch's moves in one batched statement; each entry is locked by the batch's claim. */
    void moves(List<Move> moves) {
        if (moves.isEmpty()) {
            return;
        }
        template.batchUpdate("""
                UPDATE journey_entry SET pc = ?, wait_pc = ?, steps_run = ?, attempts = ?, due_at = ?, status = ?,
                    end_reason = ?, ended_at = ?, wait_event = ?, wait_store_id = ?, wait_since = ?, wait_heard_at = ?
                WHERE id = ? AND status = 'active'
                """, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                Move m = moves.get(i);
                Listening l = m.listening();
                ps.setInt(1, m.pc());
                ps.setObject(2, m.waitPc(), Types.INTEGER);
                ps.setInt(3, m.stepsRun());
                ps.setInt(4, m.attempts());
                ps.setObject(5, Timestamps.of(m.dueAt()));
                ps.setString(6, m.status());
                ps.setString(7, m.endReason());
                ps.setObject(8, Timestamps.of(m.endedAt()));
                ps.setString(9, l == null ? null : l.event());
                ps.setObject(10, l == null ? null : l.storeId());
                ps.setObject(11, l == null ? null : Timestamps.of(l.since()));
                ps.setObject(12, l == null ? null : Timestamps.of(l.heardAt()));
                ps.setObject(13, m.id());
            }

            @Override
            public int getBatchSize() {
                return moves.size();
            }
        });
    }

    /** A captured event of a person, as the pass hands it to {@link #heard} and {@link #convert}. */
    record PersonEvent(UUID tenantId, UUID personId, String type, UUID storeId, Instant occurredAt,
                       Instant receivedAt) {
    }

    /**
     * Events of people were captured: entries waiting for one (since before it was received) are marked heard and
     * due now. Only the first event counts; the runner alone decides the branch, so it is taken once. One batched
     * statement; answers whether any entry heard one.
     */
    boolean heard(List<PersonEvent> events, Instant now) {
        if (events.isEmpty()) {
            return false;
        }
        int[] counts = template.batchUpdate("""
                UPDATE journey_entry SET wait_heard_at = ?, due_at = ?
                WHERE tenant_id = ? AND person_id = ? AND status = 'active'
                  AND wait_event = ? AND wait_heard_at IS NULL AND wait_since <= ?
                  AND (wait_store_id IS NULL OR wait_store_id = ?)
                """, events.stream().map(e -> new Object[]{Timestamps.of(e.occurredAt()), Timestamps.of(now),
                e.tenantId(), e.personId(), e.type(), Timestamps.of(e.receivedAt()), e.storeId()}).toList());
        // a driver may answer "done, count unknown" (-2): the runner then looks once for nothing
        return Arrays.stream(counts).anyMatch(n -> n != 0);
    }

    /**
     * Counts goal events (each with the journeys whose goal it is) for their people's entries whose window holds
     * them: those still inside end, converted; those that finished their steps are counted as converted too. One
     * batched statement.
     */
    void convert(List<PersonEvent> events, List<List<UUID>> journeyIds, Instant now) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            PersonEvent e = events.get(i);
            for (UUID journeyId : journeyIds.get(i)) {
                rows.add(new Object[]{Timestamps.of(e.occurredAt()), Timestamps.of(now), e.tenantId(),
                        e.personId(), journeyId, Timestamps.of(e.occurredAt()), Timestamps.of(e.occurredAt())});
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        template.batchUpdate("""
                UPDATE journey_entry SET converted_at = ?,
                    status = CASE WHEN status = 'active' THEN 'converted' ELSE status END,
                    end_reason = CASE WHEN status = 'active' THEN 'goal' ELSE end_reason END,
                    ended_at = CASE WHEN status = 'active' THEN ? ELSE ended_at END,
                    due_at = CASE WHEN status = 'active' THEN NULL ELSE due_at END
                WHERE tenant_id = ? AND person_id = ? AND journey_id = ?
                  AND converted_at IS NULL AND status IN ('active', 'done')
                  AND entered_at <= ? AND goal_until >= ?
                """, rows);
    }

    /** The event types people are waiting for now, per tenant. */
    List<Object[]> listenedFor() {
        return jdbc.sql("""
                        SELECT DISTINCT tenant_id, wait_event FROM journey_entry
                        WHERE wait_event IS NOT NULL AND status = 'active'
                        """)
                .query((rs, row) -> new Object[]{rs.getObject("tenant_id", UUID.class), rs.getString("wait_event")})
                .list();
    }

    void webhookSecret(UUID journeyId, String secret) {
        jdbc.sql("UPDATE journey SET webhook_secret = :secret WHERE id = :id").param("secret", secret)
                .param("id", journeyId).update();
    }

    /** The secret the journey's webhook calls are signed with; empty for a journey that has none yet. */
    Optional<String> webhookSecret(UUID journeyId) {
        return jdbc.sql("SELECT webhook_secret FROM journey WHERE id = :id").param("id", journeyId)
                .query((rs, row) -> Optional.ofNullable(rs.getString("webhook_secret"))).optional()
                .flatMap(s -> s);
    }

    /** Ends every active entry of a journey (archived). */
    int endAll(UUID journeyId, String reason, Instant now) {
        return jdbc.sql("""
                        UPDATE journey_entry SET status = 'exited', end_reason = :reason, ended_at = :now,
                            due_at = NULL, wait_pc = NULL WHERE journey_id = :journeyId AND status = 'active'
                        """)
                .param("reason", reason).param("now", Timestamps.of(now)).param("journeyId", journeyId).update();
    }

    /** Writes a step's line; answers false when the entry already has a line at this count. */
    boolean step(Entry e, int pc, int seq, Program.Step step, String status, String detail, Instant now) {
        return jdbc.sql("""
                        INSERT INTO journey_step (entry_id, seq, tenant_id, journey_id, version, pc, path, kind,
                            status, detail, at)
                        VALUES (:entryId, :seq, :tenantId, :journeyId, :version, :pc, :path, :kind, :status,
                            :detail, :now) ON CONFLICT DO NOTHING
                        """)
                .param("entryId", e.id()).param("seq", seq).param("tenantId", e.tenantId())
                .param("journeyId", e.journeyId()).param("version", e.version()).param("pc", pc)
                .param("path", step.path()).param("kind", step.kind()).param("status", status)
                .param("detail", shortened(detail))
                .param("now", Timestamps.of(now)).update() > 0;
    }

    Optional<String> stepStatus(UUID entryId, int seq) {
        return jdbc.sql("SELECT status FROM journey_step WHERE entry_id = :entryId AND seq = :seq")
                .param("entryId", entryId).param("seq", seq).query(String.class).optional();
    }

    void stepOutcome(UUID entryId, int seq, String status, String detail, Instant now) {
        jdbc.sql("UPDATE journey_step SET status = :status, detail = :detail, at = :now"
                        + " WHERE entry_id = :entryId AND seq = :seq")
                .param("status", status).param("detail", detail).param("now", Timestamps.of(now))
                .param("entryId", entryId).param("seq", seq).update();
    }

    private static String shortened(String detail) {
        return detail == null || detail.length() <= 500 ? detail : detail.substring(0, 500);
    }

    private static Saved saved(ResultSet rs, int row) throws SQLException {
        return new Saved(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getString("name"), rs.getString("status"), rs.getInt("version"),
                Timestamps.instant(rs, "activated_at"), Timestamps.instant(rs, "created_at"),
                Timestamps.instant(rs, "updated_at"));
    }

    static Entry entry(ResultSet rs, int row) throws SQLException {
        int waitPc = rs.getInt("wait_pc");
        boolean waiting = !rs.wasNull();
        return new Entry(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getObject("journey_id", UUID.class), rs.getInt("version"), rs.getObject("person_id", UUID.class),
                rs.getObject("store_id", UUID.class), rs.getBoolean("holdout"), rs.getString("status"),
                rs.getInt("pc"), waiting ? waitPc : null, rs.getInt("steps_run"), rs.getInt("attempts"),
                Timestamps.instant(rs, "due_at"), Timestamps.instant(rs, "entered_at"),
                Timestamps.instant(rs, "goal_until"), rs.getString("context"));
    }
}

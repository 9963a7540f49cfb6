package io.footbridge.capture.event;

import io.footbridge.capture.CaptureLog;
import io.footbridge.capture.CapturedEvent;
import io.footbridge.capture.feed.CommitFence;
import io.footbridge.platform.Timestamps;
import io.footbridge.platform.Database;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

@Repository
class EventRepository implements CaptureLog {

    /** No conflict target: H2 and PostgreSQL both accept the bare form, and the only unique key is the event id. */
    private static final String INSERT = """
            INSERT INTO capture_event (tenant_id, event_id, type, occurred_at, received_at, store_id, touchpoint_id,
                                       source, identifiers, properties)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """;


    /**
     * A page of one tenant's log. Ordered by the whole (tenant_id, seq) index so that H2 too reads the page in index
     * order and stops at the limit; ordered by seq alone it sorted every event of the tenant for each page.
     */
    static final String LIST = """
            SELECT seq, tenant_id, event_id, type, occurred_at, received_at, store_id, touchpoint_id,
                   source, identifiers, properties
            FROM capture_event
            WHERE tenant_id = :tenantId AND seq > :seq
              AND (CAST(:type AS VARCHAR) IS NULL OR type = :type)
              AND (:allStores OR store_id IN (:storeIds))
            ORDER BY tenant_id, seq LIMIT :limit
            """;

    private static final String COLUMNS = "(tenant_id, event_id, type, occurred_at, received_at, store_id, "
            + "touchpoint_id, source, identifiers, properties)";
    private static final int COLUMN_COUNT = 10;
    /** PostgreSQL takes at most 65,535 parameters per statement. */
    private static final int ROWS_PER_STATEMENT = 5000;

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;
    private final boolean postgres;
    private final JsonMapper json;
    private final CommitFence fence;

    EventRepository(JdbcTemplate jdbcTemplate, JdbcClient jdbc, JsonMapper json, Database database,
                    CommitFence fence) {
        this.fence = fence;
        this.json = json;
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = jdbc;
        this.postgres = database.postgres();
    }

    /** One event to append with who sent it and when it came in: a group commit mixes tenants and sources. */
    record NewRow(UUID tenantId, String source, Instant receivedAt, ValidatedEvent event) {
    }

    /**
     * Appends in one JDBC batch. Element i of the answer is true when event i was new, false when its id was already
     * there (a retry or a concurrent copy). Needs per-statement update counts, so PostgreSQL's
     * {@code reWriteBatchedInserts} must stay off.
     */
    boolean[] append(UUID tenantId, String source, Instant receivedAt, List<ValidatedEvent> events) {
        return append(events.stream().map(e -> new NewRow(tenantId, source, receivedAt, e)).toList());
    }

    /** As {@link #append(UUID, String, Instant, List)}, each row with its own tenant, source and time. */
    boolean[] append(List<NewRow> rows) {
        fence.writing();
        return postgres ? appendMultiRow(rows) : appendBatch(rows);
    }

    /**
     * PostgreSQL: one multi-row INSERT per chunk, which costs far fewer round trips and plans than a batch of
     * single-row statements; RETURNING names the rows that were new. A second copy of an id within the same
     * write is reported as a duplicate of the first.
     */
    private boolean[] appendMultiRow(List<NewRow> rows) {
        record Key(UUID tenantId, String eventId) {
        }
        java.util.Set<Key> inserted = new java.util.HashSet<>();
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<NewRow> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            String sql = "INSERT INTO capture_event " + COLUMNS + " VALUES "
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
                    + " ON CONFLICT DO NOTHING RETURNING tenant_id, event_id";
            inserted.addAll(jdbcTemplate.query(connection -> {
                PreparedStatement ps = connection.prepareStatement(sql);
                for (int i = 0; i < chunk.size(); i++) {
                    bind(ps, i * COLUMN_COUNT, chunk.get(i));
                }
                return ps;
            }, (rs, n) -> new Key(rs.getObject(1, UUID.class), rs.getString(2))));
        }
        boolean[] result = new boolean[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            result[i] = inserted.remove(new Key(rows.get(i).tenantId(), rows.get(i).event().eventId()));
        }
        return result;
    }

    /** H2 (and any other database): a JDBC batch, whose per-statement counts tell new rows from known ones. */
    private boolean[] appendBatch(List<NewRow> rows) {
        int[] counts = jdbcTemplate.batchUpdate(INSERT, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                bind(ps, 0, rows.get(i));
            }

            @Override
            public int getBatchSize() {
                return rows.size();
            }
        });
        boolean[] inserted = new boolean[counts.length];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == Statement.SUCCESS_NO_INFO) {
                throw new IllegalStateException("The JDBC driver hid per-row results; disable reWriteBatchedInserts");
            }
            inserted[i] = counts[i] > 0;
        }
        return inserted;
    }

    private static void bind(PreparedStatement ps, int offset, NewRow row) throws SQLException {
        ValidatedEvent event = row.event();
        ps.setObject(offset + 1, row.tenantId());
        ps.setString(offset + 2, event.eventId());
        ps.setString(offset + 3, event.type());
        ps.setObject(offset + 4, Timestamps.of(event.occurredAt()));
        ps.setObject(offset + 5, Timestamps.of(row.receivedAt()));
        ps.setObject(offset + 6, event.storeId());
        ps.setObject(offset + 7, event.touchpointId());
        ps.setString(offset + 8, row.source());
        ps.setString(offset + 9, event.identifiersJson());
        ps.setString(offset + 10, event.propertiesJson());
    }

    @Override
    public boolean holdsAny(UUID tenantId) {
        return jdbc.sql("SELECT seq FROM capture_event WHERE tenant_id = :tenantId FETCH FIRST 1 ROWS ONLY")
                .param("tenantId", tenantId).query(Long.class).optional().isPresent();
    }

    @Override
    public List<CapturedEvent> readAfter(long sequence, int limit) {
        return jdbc.sql("""
                        SELECT seq, tenant_id, event_id, type, occurred_at, received_at, store_id, touchpoint_id,
                               source, identifiers, properties
                        FROM capture_event WHERE seq > :seq ORDER BY seq LIMIT :limit
                        """)
                .param("seq", sequence).param("limit", limit)
                .query(EventRepository::toEvent).list();
    }

    @Override
    public List<Position> positionsAfter(long sequence, int limit) {
        return jdbc.sql("SELECT seq, received_at FROM capture_event WHERE seq > :seq ORDER BY seq LIMIT :limit")
                .param("seq", sequence).param("limit", limit)
                .query((rs, n) -> new Position(rs.getLong("seq"), Timestamps.instant(rs, "received_at"))).list();
    }

    @Override
    public List<CapturedEvent> read(Collection<Long> sequences) {
        if (sequences.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT seq, tenant_id, event_id, type, occurred_at, received_at, store_id, touchpoint_id,
                               source, identifiers, properties
                        FROM capture_event WHERE seq IN (:seqs) ORDER BY seq
                        """)
                .param("seqs", sequences)
                .query(EventRepository::toEvent).list();
    }

    @Override
    public List<CapturedEvent> read(UUID tenantId, Collection<Long> sequences) {
        if (sequences.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT seq, tenant_id, event_id, type, occurred_at, received_at, store_id, touchpoint_id,
                               source, identifiers, properties
                        FROM capture_event WHERE tenant_id = :tenantId AND seq IN (:seqs) ORDER BY seq
                        """)
                .param("tenantId", tenantId).param("seqs", sequences)
                .query(EventRepository::toEvent).list();
    }

    /** @param storeIds the stores whose events to read, or null for every event of the tenant */
    List<CapturedEvent> list(UUID tenantId, Set<UUID> storeIds, long afterSequence, String type, int limit) {
        return jdbc.sql(LIST)
                .param("tenantId", tenantId).param("seq", afterSequence).param("type", type).param("limit", limit)
                .param("allStores", storeIds == null)
                .param("storeIds", storeIds == null || storeIds.isEmpty() ? List.of(new UUID(0, 0)) : storeIds)
                .query(EventRepository::toEvent).list();
    }

    @Override
    public int anonymise(UUID tenantId, Collection<Long> sequences) {
        int changed = 0;
        List<Long> all = List.copyOf(sequences);
        for (int from = 0; from < all.size(); from += 1000) {
            changed += anonymiseChunk(tenantId, all.subList(from, Math.min(all.size(), from + 1000)));
        }
        return changed;
    }

    /** One JDBC batch per chunk: erasure holds identity resolution while it runs. */
    private int anonymiseChunk(UUID tenantId, List<Long> sequences) {
        List<Object[]> rows = new java.util.ArrayList<>();
        for (CapturedEvent event : read(tenantId, sequences)) {
            rows.add(new Object[]{Anonymiser.properties(json, event.propertiesJson()), tenantId, event.sequence()});
        }
        int changed = 0;
        for (int count : jdbcTemplate.batchUpdate(
                "UPDATE capture_event SET identifiers = NULL, properties = ? WHERE tenant_id = ? AND seq = ?", rows)) {
            changed += Math.max(count, 0);
        }
        return changed;
    }

    private static CapturedEvent toEvent(ResultSet rs, int row) throws SQLException {
        return new CapturedEvent(rs.getLong("seq"), rs.getObject("tenant_id", UUID.class), rs.getString("event_id"),
                rs.getString("type"), Timestamps.instant(rs, "occurred_at"), Timestamps.instant(rs, "received_at"),
                rs.getObject("store_id", UUID.class), rs.getObject("touchpoint_id", UUID.class),
                rs.getString("source"), rs.getString("identifiers"), rs.getString("properties"));
    }
}

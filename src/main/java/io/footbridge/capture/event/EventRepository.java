package io.footbridge.capture.event;

import io.footbridge.capture.CaptureLog;
import io.footbridge.capture.CapturedEvent;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
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

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;

    EventRepository(JdbcTemplate jdbcTemplate, JdbcClient jdbc) {
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = jdbc;
    }

    /**
     * Appends in one JDBC batch. Element i of the answer is true when event i was new, false when its id was already
     * there (a retry or a concurrent copy). Needs per-statement update counts, so PostgreSQL's
     * {@code reWriteBatchedInserts} must stay off.
     */
    boolean[] append(UUID tenantId, String source, Instant receivedAt, List<ValidatedEvent> events) {
        OffsetDateTime received = Timestamps.of(receivedAt);
        int[] counts = jdbcTemplate.batchUpdate(INSERT, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                ValidatedEvent event = events.get(i);
                ps.setObject(1, tenantId);
                ps.setString(2, event.eventId());
                ps.setString(3, event.type());
                ps.setObject(4, Timestamps.of(event.occurredAt()));
                ps.setObject(5, received);
                ps.setObject(6, event.storeId());
                ps.setObject(7, event.touchpointId());
                ps.setString(8, source);
                ps.setString(9, event.identifiersJson());
                ps.setString(10, event.propertiesJson());
            }

            @Override
            public int getBatchSize() {
                return events.size();
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

    List<CapturedEvent> list(UUID tenantId, long afterSequence, String type, int limit) {
        return jdbc.sql("""
                        SELECT seq, tenant_id, event_id, type, occurred_at, received_at, store_id, touchpoint_id,
                               source, identifiers, properties
                        FROM capture_event
                        WHERE tenant_id = :tenantId AND seq > :seq
                          AND (CAST(:type AS VARCHAR) IS NULL OR type = :type)
                        ORDER BY seq LIMIT :limit
                        """)
                .param("tenantId", tenantId).param("seq", afterSequence).param("type", type).param("limit", limit)
                .query(EventRepository::toEvent).list();
    }

    private static CapturedEvent toEvent(ResultSet rs, int row) throws SQLException {
        return new CapturedEvent(rs.getLong("seq"), rs.getObject("tenant_id", UUID.class), rs.getString("event_id"),
                rs.getString("type"), Timestamps.instant(rs, "occurred_at"), Timestamps.instant(rs, "received_at"),
                rs.getObject("store_id", UUID.class), rs.getObject("touchpoint_id", UUID.class),
                rs.getString("source"), rs.getString("identifiers"), rs.getString("properties"));
    }
}

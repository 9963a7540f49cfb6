package io.footbridge.capture.event;

import io.footbridge.platform.FieldError;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Repository
class FailedEventRepository {

    record NewFailure(UUID id, String eventId, String payload, List<FieldError> reasons) {
    }

    private static final TypeReference<List<FieldError>> REASONS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbcTemplate;
    private final JdbcClient jdbc;
    private final JsonMapper json;

    FailedEventRepository(JdbcTemplate jdbcTemplate, JdbcClient jdbc, JsonMapper json) {
        this.jdbcTemplate = jdbcTemplate;
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(UUID tenantId, String source, Instant receivedAt, List<NewFailure> failures) {
        List<Object[]> rows = new ArrayList<>(failures.size());
        for (NewFailure failure : failures) {
            rows.add(new Object[]{failure.id(), tenantId, source, Timestamps.of(receivedAt), failure.eventId(),
                    failure.payload(), json.writeValueAsString(failure.reasons()), FailedEvent.OPEN});
        }
        jdbcTemplate.batchUpdate("""
                INSERT INTO failed_event (id, tenant_id, source, received_at, event_id, payload, reasons, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, rows);
    }

    int resolve(UUID tenantId, UUID id, String status) {
        return jdbc.sql("""
                        UPDATE failed_event SET status = :status, resolved_at = :now
                        WHERE tenant_id = :tenantId AND id = :id AND status = 'open'
                        """)
                .param("status", status).param("now", Timestamps.now()).param("tenantId", tenantId).param("id", id)
                .update();
    }

    void updateReasons(UUID tenantId, UUID id, List<FieldError> reasons) {
        jdbc.sql("UPDATE failed_event SET reasons = :reasons WHERE tenant_id = :tenantId AND id = :id")
                .param("reasons", json.writeValueAsString(reasons)).param("tenantId", tenantId).param("id", id)
                .update();
    }

    Optional<FailedEvent> find(UUID tenantId, UUID id) {
        return jdbc.sql("""
                        SELECT id, source, received_at, event_id, payload, reasons, status, resolved_at
                        FROM failed_event WHERE tenant_id = :tenantId AND id = :id
                        """)
                .param("tenantId", tenantId).param("id", id)
                .query(this::toFailedEvent).optional();
    }

    List<FailedEvent> list(UUID tenantId, String status, int limit, int offset) {
        return jdbc.sql("""
                        SELECT id, source, received_at, event_id, payload, reasons, status, resolved_at
                        FROM failed_event
                        WHERE tenant_id = :tenantId AND status = :status
                        ORDER BY received_at DESC, id
                        LIMIT :limit OFFSET :offset
                        """)
                .param("tenantId", tenantId).param("status", status).param("limit", limit).param("offset", offset)
                .query(this::toFailedEvent).list();
    }

    /**
     * A page of the tenant's failures, newest first, after the cursor: of one source if named, whose reasons contain
     * {@code reason} (any case) if given.
     */
    List<FailedEvent> list(UUID tenantId, String status, String source, String reason, Instant afterReceivedAt,
                           UUID afterId, int limit) {
        String pattern = reason == null || reason.isBlank() ? null : "%" + reason.strip().toLowerCase(java.util.Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return jdbc.sql("""
                        SELECT id, source, received_at, event_id, payload, reasons, status, resolved_at
                        FROM failed_event
                        WHERE tenant_id = :tenantId AND status = :status
                          AND (CAST(:source AS VARCHAR) IS NULL OR source = :source)
                          AND (CAST(:reason AS VARCHAR) IS NULL OR LOWER(reasons) LIKE :reason ESCAPE '\\')
                          AND (CAST(:afterAt AS TIMESTAMP WITH TIME ZONE) IS NULL OR received_at < :afterAt
                               OR received_at = :afterAt AND id > :afterId)
                        ORDER BY received_at DESC, id
                        FETCH FIRST :limit ROWS ONLY
                        """)
                .param("tenantId", tenantId).param("status", status).param("source", source)
                .param("reason", pattern).param("afterAt", Timestamps.of(afterReceivedAt))
                .param("afterId", afterId == null ? new UUID(0, 0) : afterId).param("limit", limit)
                .query(this::toFailedEvent).list();
    }

    /** Locks an open failure for this transaction; false when it is resolved (or not the tenant's). */
    boolean lockOpen(UUID tenantId, UUID id) {
        return !jdbc.sql("""
                        SELECT id FROM failed_event
                        WHERE tenant_id = :tenantId AND id = :id AND status = 'open'
                        FOR UPDATE
                        """)
                .param("tenantId", tenantId).param("id", id)
                .query(UUID.class).list().isEmpty();
    }

    private FailedEvent toFailedEvent(ResultSet rs, int row) throws SQLException {
        String payload = rs.getString("payload");
        return new FailedEvent(rs.getObject("id", UUID.class), rs.getString("source"),
                Timestamps.instant(rs, "received_at"), rs.getString("event_id"), readPayload(payload),
                json.readValue(rs.getString("reasons"), REASONS), rs.getString("status"),
                Timestamps.instant(rs, "resolved_at"));
    }

    /** Payloads that were not even JSON are kept as text. */
    private tools.jackson.databind.JsonNode readPayload(String payload) {
        try {
            return json.readTree(payload);
        } catch (tools.jackson.core.JacksonException notJson) {
            return json.getNodeFactory().stringNode(payload);
        }
    }
}

package io.footbridge.capture.touchpoint;

import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

@Repository
class TouchpointRepository {

    private static final String SELECT = """
            SELECT t.id, t.tenant_id, t.code, t.type, t.store_id, t.label, t.stage, t.created_at, t.updated_at,
                   t.archived_at
            FROM touchpoint t
            """;

    private final JdbcClient jdbc;
    private final Stores stores;

    TouchpointRepository(JdbcClient jdbc, Stores stores) {
        this.jdbc = jdbc;
        this.stores = stores;
    }

    void insert(UUID tenantId, UUID id, String code, TouchpointType type, UUID storeId, String label,
                JourneyStage stage) {
        var now = Timestamps.now();
        jdbc.sql("""
                        INSERT INTO touchpoint (id, tenant_id, code, type, store_id, label, stage, created_at, updated_at)
                        VALUES (:id, :tenantId, :code, :type, :storeId, :label, :stage, :now, :now)
                        """)
                .param("id", id).param("tenantId", tenantId).param("code", code).param("type", type.value())
                .param("storeId", storeId).param("label", label).param("stage", stage.value()).param("now", now)
                .update();
    }

    int update(UUID tenantId, UUID id, TouchpointType type, UUID storeId, String label, JourneyStage stage) {
        return jdbc.sql("""
                        UPDATE touchpoint SET type = :type, store_id = :storeId, label = :label, stage = :stage,
                               updated_at = :now
                        WHERE tenant_id = :tenantId AND id = :id
                        """)
                .param("type", type.value()).param("storeId", storeId).param("label", label)
                .param("stage", stage.value()).param("now", Timestamps.now())
                .param("tenantId", tenantId).param("id", id)
                .update();
    }

    int archive(UUID tenantId, UUID id) {
        var now = Timestamps.now();
        return jdbc.sql("""
                        UPDATE touchpoint SET archived_at = :now, updated_at = :now
                        WHERE tenant_id = :tenantId AND id = :id AND archived_at IS NULL
                        """)
                .param("now", now).param("tenantId", tenantId).param("id", id).update();
    }

    boolean codeTaken(UUID tenantId, String code) {
        return jdbc.sql("SELECT COUNT(*) FROM touchpoint WHERE tenant_id = :tenantId AND code = :code")
                .param("tenantId", tenantId).param("code", code).query(Long.class).single() > 0;
    }

    Optional<Touchpoint> find(UUID tenantId, UUID id) {
        return jdbc.sql(SELECT + " WHERE t.tenant_id = :tenantId AND t.id = :id")
                .param("tenantId", tenantId).param("id", id)
                .query(this::toTouchpoint)
                .optional().map(Supplier::get);
    }

    Optional<Touchpoint> findByCode(UUID tenantId, String code) {
        return jdbc.sql(SELECT + " WHERE t.tenant_id = :tenantId AND t.code = :code")
                .param("tenantId", tenantId).param("code", code)
                .query(this::toTouchpoint)
                .optional().map(Supplier::get);
    }

    List<Touchpoint> list(UUID tenantId, UUID storeId, boolean includeArchived, int limit, int offset) {
        return jdbc.sql(SELECT + """
                        WHERE t.tenant_id = :tenantId
                          AND (CAST(:storeId AS UUID) IS NULL OR t.store_id = :storeId)
                          AND (:includeArchived = TRUE OR t.archived_at IS NULL)
                        ORDER BY t.code
                        LIMIT :limit OFFSET :offset
                        """)
                .param("tenantId", tenantId).param("storeId", storeId).param("includeArchived", includeArchived)
                .param("limit", limit).param("offset", offset)
                .query(this::toTouchpoint).list().stream().map(Supplier::get).toList();
    }

    /** Reads the row now and names its store later, so the store is not looked up while the rows stream. */
    private Supplier<Touchpoint> toTouchpoint(ResultSet rs, int row) throws SQLException {
        UUID tenantId = rs.getObject("tenant_id", UUID.class);
        UUID storeId = rs.getObject("store_id", UUID.class);
        Touchpoint read = new Touchpoint(rs.getObject("id", UUID.class), rs.getString("code"),
                TouchpointType.of(rs.getString("type")), storeId, null, rs.getString("label"),
                JourneyStage.of(rs.getString("stage")), Timestamps.instant(rs, "created_at"),
                Timestamps.instant(rs, "updated_at"), Timestamps.instant(rs, "archived_at"));
        return () -> storeId == null ? read : new Touchpoint(read.id(), read.code(), read.type(), storeId,
                stores.findById(tenantId, storeId).map(StoreRef::code).orElse(null), read.label(), read.stage(),
                read.createdAt(), read.updatedAt(), read.archivedAt());
    }

    /** The code of a touchpoint of this tenant. */
    Optional<String> code(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT code FROM touchpoint WHERE tenant_id = :tenantId AND id = :id")
                .param("tenantId", tenantId).param("id", id).query(String.class).optional();
    }

    /**
     * QR scans and NFC taps per touchpoint in a period. Read through the tenant's time index, so the period bounds
     * the rows read.
     */
    Map<UUID, Touchpoints.Scans> scans(UUID tenantId, Collection<UUID> touchpointIds, Instant from, Instant to) {
        Map<UUID, Touchpoints.Scans> scans = new HashMap<>();
        if (touchpointIds.isEmpty()) {
            return scans;
        }
        jdbc.sql("""
                        SELECT touchpoint_id,
                               SUM(CASE WHEN type = 'qr.scan' THEN 1 ELSE 0 END) AS scans,
                               SUM(CASE WHEN type = 'nfc.tap' THEN 1 ELSE 0 END) AS taps,
                               MAX(occurred_at) AS last_at
                        FROM capture_event
                        WHERE tenant_id = :tenantId AND occurred_at >= :from AND occurred_at < :to
                          AND type IN ('qr.scan', 'nfc.tap') AND touchpoint_id IN (:touchpoints)
                        GROUP BY touchpoint_id
                        """)
                .param("tenantId", tenantId).param("from", Timestamps.of(from)).param("to", Timestamps.of(to))
                .param("touchpoints", List.copyOf(touchpointIds))
                .query(rs -> {
                    scans.put(rs.getObject("touchpoint_id", UUID.class), new Touchpoints.Scans(rs.getLong("scans"),
                            rs.getLong("taps"), Timestamps.instant(rs, "last_at")));
                });
        return scans;
    }
}

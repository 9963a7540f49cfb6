package io.footbridge.capture.touchpoint;

import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Repository
class TouchpointRepository {

    private static final String SELECT = """
            SELECT t.id, t.code, t.type, t.store_id, s.code AS store_code, t.label, t.stage, t.created_at,
                   t.updated_at, t.archived_at
            FROM touchpoint t LEFT JOIN store s ON s.id = t.store_id
            """;

    private final JdbcClient jdbc;

    TouchpointRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
                .query(TouchpointRepository::toTouchpoint).optional();
    }

    Optional<Touchpoint> findByCode(UUID tenantId, String code) {
        return jdbc.sql(SELECT + " WHERE t.tenant_id = :tenantId AND t.code = :code")
                .param("tenantId", tenantId).param("code", code)
                .query(TouchpointRepository::toTouchpoint).optional();
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
                .query(TouchpointRepository::toTouchpoint).list();
    }

    private static Touchpoint toTouchpoint(ResultSet rs, int row) throws SQLException {
        return new Touchpoint(rs.getObject("id", UUID.class), rs.getString("code"),
                TouchpointType.of(rs.getString("type")), rs.getObject("store_id", UUID.class),
                rs.getString("store_code"), rs.getString("label"), JourneyStage.of(rs.getString("stage")),
                Timestamps.instant(rs, "created_at"), Timestamps.instant(rs, "updated_at"),
                Timestamps.instant(rs, "archived_at"));
    }
}

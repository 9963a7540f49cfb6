package io.footbridge.hosted.placement;

import io.footbridge.capture.touchpoint.Touchpoints;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

@Repository
class PlacementRepository {

    /** A placement as stored, with its store's and touchpoint's codes. */
    record StoredPlacement(UUID id, UUID tenantId, String code, UUID storeId, String storeCode, UUID touchpointId,
               String touchpointCode, PlacementKind kind, String label, String destination, String campaign,
               boolean addUtm, Instant createdAt, Instant updatedAt, Instant retiredAt) {
    }

    private static final String SELECT = """
            SELECT p.id, p.tenant_id, p.code, p.store_id, p.touchpoint_id, p.kind, p.label, p.destination,
                   p.campaign, p.add_utm, p.created_at, p.updated_at, p.retired_at
            FROM placement p
            """;

    private final JdbcClient jdbc;
    private final Stores stores;
    private final Touchpoints touchpoints;

    PlacementRepository(JdbcClient jdbc, Stores stores, Touchpoints touchpoints) {
        this.jdbc = jdbc;
        this.stores = stores;
        this.touchpoints = touchpoints;
    }

    /** False when the code is taken already (by any tenant). */
    boolean insert(StoredPlacement row) {
        return jdbc.sql("""
                        INSERT INTO placement (id, tenant_id, code, store_id, touchpoint_id, kind, label, destination,
                            campaign, add_utm, created_at, updated_at)
                        SELECT :id, :tenantId, :code, :storeId, :touchpointId, :kind, :label, :destination,
                            :campaign, :addUtm, :now, :now
                        WHERE NOT EXISTS (SELECT 1 FROM placement WHERE code = :code)
                        """)
                .param("id", row.id()).param("tenantId", row.tenantId()).param("code", row.code())
                .param("storeId", row.storeId()).param("touchpointId", row.touchpointId())
                .param("kind", row.kind().value()).param("label", row.label())
                .param("destination", row.destination()).param("campaign", row.campaign())
                .param("addUtm", row.addUtm()).param("now", Timestamps.of(row.createdAt()))
                .update() == 1;
    }

    int update(UUID tenantId, UUID id, String label, String destination, String campaign, boolean addUtm) {
        return jdbc.sql("""
                        UPDATE placement SET label = :label, destination = :destination, campaign = :campaign,
                               add_utm = :addUtm, updated_at = :now
                        WHERE tenant_id = :tenantId AND id = :id
                        """)
                .param("label", label).param("destination", destination).param("campaign", campaign)
                .param("addUtm", addUtm).param("now", Timestamps.now())
                .param("tenantId", tenantId).param("id", id)
                .update();
    }

    int retire(UUID tenantId, UUID id) {
        var now = Timestamps.now();
        return jdbc.sql("""
                        UPDATE placement SET retired_at = :now, updated_at = :now
                        WHERE tenant_id = :tenantId AND id = :id AND retired_at IS NULL
                        """)
                .param("now", now).param("tenantId", tenantId).param("id", id).update();
    }

    Optional<StoredPlacement> find(UUID tenantId, UUID id) {
        return jdbc.sql(SELECT + " WHERE p.tenant_id = :tenantId AND p.id = :id")
                .param("tenantId", tenantId).param("id", id)
                .query(this::toRow).optional().map(Supplier::get);
    }

    /** The placement behind a short link, of whichever tenant. */
    Optional<StoredPlacement> findByCode(String code) {
        return jdbc.sql(SELECT + " WHERE p.code = :code")
                .param("code", code)
                .query(this::toRow).optional().map(Supplier::get);
    }

    List<StoredPlacement> list(UUID tenantId, UUID storeId, boolean includeRetired, int limit, int offset) {
        return jdbc.sql(SELECT + """
                        WHERE p.tenant_id = :tenantId
                          AND (CAST(:storeId AS UUID) IS NULL OR p.store_id = :storeId)
                          AND (:includeRetired = TRUE OR p.retired_at IS NULL)
                        ORDER BY p.created_at, p.id
                        LIMIT :limit OFFSET :offset
                        """)
                .param("tenantId", tenantId).param("storeId", storeId).param("includeRetired", includeRetired)
                .param("limit", limit).param("offset", offset)
                .query(this::toRow).list().stream().map(Supplier::get).toList();
    }

    /**
     * Reads the row now and names its store and touchpoint later, from the platform's and capture's caches, once the
     * rows are read.
     */
    private Supplier<StoredPlacement> toRow(ResultSet rs, int n) throws SQLException {
        StoredPlacement read = new StoredPlacement(rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class), rs.getString("code"), rs.getObject("store_id", UUID.class), null,
                rs.getObject("touchpoint_id", UUID.class), null,
                PlacementKind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)), rs.getString("label"),
                rs.getString("destination"), rs.getString("campaign"), rs.getBoolean("add_utm"),
                Timestamps.instant(rs, "created_at"), Timestamps.instant(rs, "updated_at"),
                Timestamps.instant(rs, "retired_at"));
        return () -> new StoredPlacement(read.id(), read.tenantId(), read.code(), read.storeId(),
                read.storeId() == null ? null
                        : stores.findById(read.tenantId(), read.storeId()).map(StoreRef::code).orElse(null),
                read.touchpointId(), touchpoints.code(read.tenantId(), read.touchpointId()).orElse(null), read.kind(),
                read.label(), read.destination(),
                read.campaign(), read.addUtm(), read.createdAt(), read.updatedAt(), read.retiredAt());
    }
}

package io.footbridge.receipts.receipt;

import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Repository
class SettingsRepository {

    static final String TENANT = "*";

    record Stored(String scope, String json, Instant updatedAt) {
    }

    private final JdbcClient jdbc;

    SettingsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The store's own settings and the tenant's, the store's first; one read for the sale's receipt. */
    List<Stored> effective(UUID tenantId, UUID storeId) {
        return jdbc.sql("""
                        SELECT scope_key, settings, updated_at FROM receipt_settings
                        WHERE tenant_id = :tenantId AND scope_key IN (:store, '*')
                        ORDER BY CASE WHEN scope_key = '*' THEN 1 ELSE 0 END
                        """)
                .param("tenantId", tenantId).param("store", storeId == null ? TENANT : storeId.toString())
                .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2), Timestamps.instant(rs, "updated_at")))
                .list();
    }

    Optional<Stored> find(UUID tenantId, String scope) {
        return jdbc.sql("""
                        SELECT scope_key, settings, updated_at FROM receipt_settings
                        WHERE tenant_id = :tenantId AND scope_key = :scope
                        """)
                .param("tenantId", tenantId).param("scope", scope)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2), Timestamps.instant(rs, "updated_at")))
                .optional();
    }

    int update(UUID tenantId, String scope, String json, Instant now) {
        return jdbc.sql("""
                        UPDATE receipt_settings SET settings = :json, updated_at = :now
                        WHERE tenant_id = :tenantId AND scope_key = :scope
                        """)
                .param("json", json).param("now", Timestamps.of(now)).param("tenantId", tenantId)
                .param("scope", scope).update();
    }

    int insert(UUID tenantId, String scope, String json, Instant now) {
        return jdbc.sql("""
                        INSERT INTO receipt_settings (tenant_id, scope_key, settings, updated_at)
                        VALUES (:tenantId, :scope, :json, :now) ON CONFLICT DO NOTHING
                        """)
                .param("tenantId", tenantId).param("scope", scope).param("json", json)
                .param("now", Timestamps.of(now)).update();
    }

    int delete(UUID tenantId, String scope) {
        return jdbc.sql("DELETE FROM receipt_settings WHERE tenant_id = :tenantId AND scope_key = :scope")
                .param("tenantId", tenantId).param("scope", scope).update();
    }
}

package io.footbridge.platform.brand;

import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.Optional;
import java.util.UUID;

@Repository
class BrandRepository {

    /** What the tenant set; null where it set nothing. */
    record Stored(String name, String logoUrl, String primaryColor, String backgroundColor, String textColor,
                  String language, String privacyUrl) {
    }

    private final JdbcClient jdbc;

    BrandRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Stored> find(UUID tenantId) {
        return jdbc.sql("""
                        SELECT name, logo_url, primary_color, background_color, text_color, language, privacy_url
                        FROM tenant_brand WHERE tenant_id = :tenantId
                        """)
                .param("tenantId", tenantId)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7)))
                .optional();
    }

    int update(UUID tenantId, Stored brand) {
        return jdbc.sql("""
                        UPDATE tenant_brand SET name = :name, logo_url = :logoUrl, primary_color = :primary,
                            background_color = :background, text_color = :text, language = :language,
                            privacy_url = :privacyUrl, updated_at = :now
                        WHERE tenant_id = :tenantId
                        """)
                .param("tenantId", tenantId).param("name", brand.name()).param("logoUrl", brand.logoUrl())
                .param("primary", brand.primaryColor()).param("background", brand.backgroundColor())
                .param("text", brand.textColor()).param("language", brand.language())
                .param("privacyUrl", brand.privacyUrl()).param("now", Timestamps.now())
                .update();
    }

    void insert(UUID tenantId, Stored brand) {
        jdbc.sql("""
                        INSERT INTO tenant_brand (tenant_id, name, logo_url, primary_color, background_color, text_color,
                            language, privacy_url, updated_at)
                        VALUES (:tenantId, :name, :logoUrl, :primary, :background, :text, :language, :privacyUrl, :now)
                        """)
                .param("tenantId", tenantId).param("name", brand.name()).param("logoUrl", brand.logoUrl())
                .param("primary", brand.primaryColor()).param("background", brand.backgroundColor())
                .param("text", brand.textColor()).param("language", brand.language())
                .param("privacyUrl", brand.privacyUrl()).param("now", Timestamps.now())
                .update();
    }
}

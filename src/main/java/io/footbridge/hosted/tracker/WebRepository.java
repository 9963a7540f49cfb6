package io.footbridge.hosted.tracker;

import io.footbridge.capture.touchpoint.Touchpoints;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Repository
class WebRepository {

    record Site(UUID id, UUID tenantId, String siteKey, String domain, UUID touchpointId, String touchpointCode,
                String label, Instant createdAt) {
    }

    private static final String SITES = """
            SELECT w.id, w.tenant_id, w.site_key, w.domain, w.touchpoint_id, w.label, w.created_at
            FROM web_site w
            """;

    private final JdbcClient jdbc;
    private final Touchpoints touchpoints;

    WebRepository(JdbcClient jdbc, Touchpoints touchpoints) {
        this.jdbc = jdbc;
        this.touchpoints = touchpoints;
    }

    boolean insertSite(Site site) {
        return jdbc.sql("""
                        INSERT INTO web_site (id, tenant_id, site_key, domain, touchpoint_id, label, created_at)
                        VALUES (:id, :tenantId, :siteKey, :domain, :touchpointId, :label, :now)
                        ON CONFLICT DO NOTHING
                        """)
                .param("id", site.id()).param("tenantId", site.tenantId()).param("siteKey", site.siteKey())
                .param("domain", site.domain()).param("touchpointId", site.touchpointId())
                .param("label", site.label()).param("now", Timestamps.of(site.createdAt()))
                .update() == 1;
    }

    Optional<Site> siteByKey(String siteKey) {
        return jdbc.sql(SITES + " WHERE w.site_key = :siteKey").param("siteKey", siteKey)
                .query(WebRepository::toSite).optional().map(this::named);
    }

    List<Site> sites(UUID tenantId) {
        return jdbc.sql(SITES + " WHERE w.tenant_id = :tenantId ORDER BY w.domain").param("tenantId", tenantId)
                .query(WebRepository::toSite).list().stream().map(this::named).toList();
    }

    int deleteSite(UUID tenantId, UUID id) {
        return jdbc.sql("DELETE FROM web_site WHERE tenant_id = :tenantId AND id = :id")
                .param("tenantId", tenantId).param("id", id).update();
    }

    void insertLink(String token, UUID tenantId, String identifiersJson, Instant now, Instant expiresAt) {
        jdbc.sql("""
                        INSERT INTO web_link (token, tenant_id, identifiers, created_at, expires_at)
                        VALUES (:token, :tenantId, :identifiers, :now, :expiresAt)
                        """)
                .param("token", token).param("tenantId", tenantId).param("identifiers", identifiersJson)
                .param("now", Timestamps.of(now)).param("expiresAt", Timestamps.of(expiresAt)).update();
    }

    /** Who a link that has not expired stands for, within this tenant. */
    Optional<String> linkIdentifiers(UUID tenantId, String token, Instant now) {
        return jdbc.sql("""
                        SELECT identifiers FROM web_link
                        WHERE token = :token AND tenant_id = :tenantId AND expires_at > :now
                        """)
                .param("token", token).param("tenantId", tenantId).param("now", Timestamps.of(now))
                .query(String.class).optional();
    }

    private static Site toSite(ResultSet rs, int n) throws SQLException {
        return new Site(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getString("site_key"), rs.getString("domain"), rs.getObject("touchpoint_id", UUID.class), null,
                rs.getString("label"), Timestamps.instant(rs, "created_at"));
    }

    /** The site with its touchpoint's code, from capture's cache, once the rows are read. */
    private Site named(Site site) {
        return new Site(site.id(), site.tenantId(), site.siteKey(), site.domain(), site.touchpointId(),
                touchpoints.code(site.tenantId(), site.touchpointId()).orElse(null), site.label(), site.createdAt());
    }
}

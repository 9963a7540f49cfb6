package io.footbridge.hosted.portal;

import io.footbridge.capture.touchpoint.Touchpoints;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

@Repository
class WifiRepository {

    /**
     * An access point as stored, with its store's code and country.
     *
     * @param secret         openNDS: the gateway's faskey
     * @param portalKey      the secret in the portal URL that binds the access point to its tenant
     * @param gatewayAddress openNDS: where the gateway lets guests online, when registered
     */
    record Node(UUID id, UUID tenantId, WifiVendor vendor, String node, UUID storeId, String storeCode,
                String country, UUID touchpointId, String touchpointCode, String label, String secret,
                String portalKey, String gatewayAddress, Instant createdAt) {
    }

    private static final String NODES = """
            SELECT a.id, a.tenant_id, a.vendor, a.node, a.store_id, a.touchpoint_id, a.label, a.secret,
                   a.portal_key, a.gateway_address, a.created_at
            FROM wifi_access_point a
            """;

    private final JdbcClient jdbc;
    private final Stores stores;
    private final Touchpoints touchpoints;

    WifiRepository(JdbcClient jdbc, Stores stores, Touchpoints touchpoints) {
        this.jdbc = jdbc;
        this.stores = stores;
        this.touchpoints = touchpoints;
    }

    /** False when this tenant registered this vendor's node already; other tenants' nodes do not count. */
    boolean insertNode(UUID id, UUID tenantId, WifiVendor vendor, String node, UUID storeId, UUID touchpointId,
                       String label, String secret, String portalKey, String gatewayAddress) {
        return jdbc.sql("""
                        INSERT INTO wifi_access_point (id, tenant_id, vendor, node, store_id, touchpoint_id, label,
                            secret, portal_key, gateway_address, created_at)
                        VALUES (:id, :tenantId, :vendor, :node, :storeId, :touchpointId, :label, :secret, :portalKey,
                            :gatewayAddress, :now)
                        ON CONFLICT DO NOTHING
                        """)
                .param("id", id).param("tenantId", tenantId).param("vendor", vendor.value()).param("node", node)
                .param("storeId", storeId).param("touchpointId", touchpointId).param("label", label)
                .param("secret", secret).param("portalKey", portalKey).param("gatewayAddress", gatewayAddress)
                .param("now", Timestamps.now())
                .update() == 1;
    }

    /** The access point a guest arrives from: its node, reached through the portal key its owner configured. */
    Optional<Node> node(String portalKey, WifiVendor vendor, String node) {
        return jdbc.sql(NODES + " WHERE a.portal_key = :portalKey AND a.vendor = :vendor AND a.node = :node")
                .param("portalKey", portalKey).param("vendor", vendor.value()).param("node", node)
                .query(this::toNode).optional().map(Supplier::get);
    }

    /** The access points that share a portal key (one openNDS gateway; a Meraki network or UniFi site). */
    List<Node> nodes(String portalKey, WifiVendor vendor) {
        return jdbc.sql(NODES + " WHERE a.portal_key = :portalKey AND a.vendor = :vendor ORDER BY a.created_at")
                .param("portalKey", portalKey).param("vendor", vendor.value())
                .query(this::toNode).list().stream().map(Supplier::get).toList();
    }

    Optional<Node> node(UUID tenantId, UUID id) {
        return jdbc.sql(NODES + " WHERE a.tenant_id = :tenantId AND a.id = :id")
                .param("tenantId", tenantId).param("id", id)
                .query(this::toNode).optional().map(Supplier::get);
    }

    Optional<Node> nodeById(UUID id) {
        return jdbc.sql(NODES + " WHERE a.id = :id").param("id", id)
                .query(this::toNode).optional().map(Supplier::get);
    }

    List<Node> nodes(UUID tenantId, UUID storeId) {
        return jdbc.sql(NODES + """
                        WHERE a.tenant_id = :tenantId AND (CAST(:storeId AS UUID) IS NULL OR a.store_id = :storeId)
                        """)
                .param("tenantId", tenantId).param("storeId", storeId)
                .query(this::toNode).list().stream().map(Supplier::get)
                .sorted(Comparator.comparing(Node::storeCode, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(Node::label, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(Node::id))
                .toList();
    }

    int deleteNode(UUID tenantId, UUID id) {
        return jdbc.sql("DELETE FROM wifi_access_point WHERE tenant_id = :tenantId AND id = :id")
                .param("tenantId", tenantId).param("id", id).update();
    }

    Optional<Wording> latestWording(UUID tenantId) {
        return jdbc.sql("""
                        SELECT version, terms, marketing_email, marketing_sms, created_at, created_by, club
                        FROM wifi_wording WHERE tenant_id = :tenantId
                        ORDER BY version DESC LIMIT 1
                        """)
                .param("tenantId", tenantId).query(WifiRepository::toWording).optional();
    }

    Optional<Wording> wording(UUID tenantId, int version) {
        return jdbc.sql("""
                        SELECT version, terms, marketing_email, marketing_sms, created_at, created_by, club
                        FROM wifi_wording WHERE tenant_id = :tenantId AND version = :version
                        """)
                .param("tenantId", tenantId).param("version", version).query(WifiRepository::toWording).optional();
    }

    List<Wording> wordings(UUID tenantId) {
        return jdbc.sql("""
                        SELECT version, terms, marketing_email, marketing_sms, created_at, created_by, club
                        FROM wifi_wording WHERE tenant_id = :tenantId ORDER BY version DESC
                        """)
                .param("tenantId", tenantId).query(WifiRepository::toWording).list();
    }

    /** The next version number; two writers racing for it make the second insert fail on the key. */
    void insertWording(UUID tenantId, String terms, String marketingEmail, String marketingSms, String club,
                       String createdBy) {
        jdbc.sql("""
                        INSERT INTO wifi_wording (tenant_id, version, terms, marketing_email, marketing_sms, created_at,
                            created_by, club)
                        SELECT :tenantId, COALESCE(MAX(version), 0) + 1, :terms, :email, :sms, :now, :createdBy, :club
                        FROM wifi_wording WHERE tenant_id = :tenantId
                        """)
                .param("club", club).param("tenantId", tenantId).param("terms", terms).param("email", marketingEmail)
                .param("sms", marketingSms).param("now", Timestamps.now()).param("createdBy", createdBy)
                .update();
    }

    /** The built-in wording as version 1, unless a version exists already (two first guests may race here). */
    void insertFirstWording(UUID tenantId, String terms, String marketingEmail, String marketingSms) {
        jdbc.sql("""
                        INSERT INTO wifi_wording (tenant_id, version, terms, marketing_email, marketing_sms, created_at,
                            created_by)
                        VALUES (:tenantId, 1, :terms, :email, :sms, :now, 'default')
                        ON CONFLICT DO NOTHING
                        """)
                .param("tenantId", tenantId).param("terms", terms).param("email", marketingEmail)
                .param("sms", marketingSms).param("now", Timestamps.now())
                .update();
    }

    boolean remembered(UUID tenantId, String device, Instant now) {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM wifi_device
                        WHERE tenant_id = :tenantId AND device = :device AND expires_at > :now
                        """)
                .param("tenantId", tenantId).param("device", device).param("now", Timestamps.of(now))
                .query(Long.class).single() > 0;
    }

    void remember(UUID tenantId, String device, Instant now, Instant expiresAt) {
        int updated = jdbc.sql("""
                        UPDATE wifi_device SET last_login_at = :now, expires_at = :expiresAt
                        WHERE tenant_id = :tenantId AND device = :device
                        """)
                .param("tenantId", tenantId).param("device", device).param("now", Timestamps.of(now))
                .param("expiresAt", Timestamps.of(expiresAt)).update();
        if (updated == 0) {
            jdbc.sql("""
                            INSERT INTO wifi_device (tenant_id, device, last_login_at, expires_at)
                            VALUES (:tenantId, :device, :now, :expiresAt)
                            ON CONFLICT DO NOTHING
                            """)
                    .param("tenantId", tenantId).param("device", device).param("now", Timestamps.of(now))
                    .param("expiresAt", Timestamps.of(expiresAt)).update();
        }
    }

    /** Reads the row now and names its store and touchpoint later, from the caches, once the rows are read. */
    private Supplier<Node> toNode(ResultSet rs, int n) throws SQLException {
        Node read = new Node(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                WifiVendor.valueOf(rs.getString("vendor").toUpperCase(Locale.ROOT)), rs.getString("node"),
                rs.getObject("store_id", UUID.class), null, null,
                rs.getObject("touchpoint_id", UUID.class), null, rs.getString("label"),
                rs.getString("secret"), rs.getString("portal_key"), rs.getString("gateway_address"),
                Timestamps.instant(rs, "created_at"));
        return () -> {
            Optional<StoreRef> store = stores.findById(read.tenantId(), read.storeId());
            return new Node(read.id(), read.tenantId(), read.vendor(), read.node(), read.storeId(),
                    store.map(StoreRef::code).orElse(null), store.map(StoreRef::country).orElse(null),
                    read.touchpointId(), touchpoints.code(read.tenantId(), read.touchpointId()).orElse(null),
                    read.label(), read.secret(), read.portalKey(),
                    read.gatewayAddress(), read.createdAt());
        };
    }

    private static Wording toWording(ResultSet rs, int n) throws SQLException {
        return new Wording(rs.getInt("version"), rs.getString("terms"), rs.getString("marketing_email"),
                rs.getString("marketing_sms"), Timestamps.instant(rs, "created_at"), rs.getString("created_by"),
                rs.getString("club"));
    }
}

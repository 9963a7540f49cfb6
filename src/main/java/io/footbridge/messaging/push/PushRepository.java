package io.footbridge.messaging.push;

import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The push subscriptions and the installation's VAPID key pair. */
@Repository
public class PushRepository {

    /** A browser's subscription; {@code id} is its address on the push channel. */
    public record Subscription(UUID id, UUID tenantId, UUID profileId, String endpoint, String p256dh, String auth,
                               Instant createdAt) {
    }

    record KeyPair(String publicKey, String privateKey) {
    }

    private final JdbcClient jdbc;

    PushRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Keeps the pair unless a key of this name is there already (another node made it first). */
    void insertKey(String name, KeyPair pair) {
        jdbc.sql("""
                        INSERT INTO push_vapid_key (name, public_key, private_key, created_at)
                        VALUES (:name, :publicKey, :privateKey, :now) ON CONFLICT DO NOTHING
                        """)
                .param("name", name).param("publicKey", pair.publicKey()).param("privateKey", pair.privateKey())
                .param("now", Timestamps.now()).update();
    }

    Optional<KeyPair> key(String name) {
        return jdbc.sql("SELECT public_key, private_key FROM push_vapid_key WHERE name = :name")
                .param("name", name)
                .query((rs, n) -> new KeyPair(rs.getString("public_key"), rs.getString("private_key"))).optional();
    }

    public Optional<Subscription> find(UUID tenantId, UUID id) {
        return jdbc.sql(SELECT + " WHERE tenant_id = :tenantId AND id = :id")
                .param("tenantId", tenantId).param("id", id).query(this::map).optional();
    }

    Optional<Subscription> byEndpoint(UUID tenantId, String endpoint) {
        return jdbc.sql(SELECT + " WHERE tenant_id = :tenantId AND endpoint = :endpoint")
                .param("tenantId", tenantId).param("endpoint", endpoint).query(this::map).optional();
    }

    /** The subscriptions of any of these profiles (a person and those merged into them), newest first. */
    public List<Subscription> of(UUID tenantId, Collection<UUID> profileIds) {
        if (profileIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + " WHERE tenant_id = :tenantId AND profile_id IN (:profiles)"
                        + " ORDER BY created_at DESC, id")
                .param("tenantId", tenantId).param("profiles", profileIds).query(this::map).list();
    }

    /** False when the endpoint is taken already (a concurrent subscribe of the same browser). */
    boolean insert(Subscription s) {
        return jdbc.sql("""
                        INSERT INTO push_subscription (id, tenant_id, profile_id, endpoint, p256dh, auth, created_at)
                        VALUES (:id, :tenantId, :profileId, :endpoint, :p256dh, :auth, :createdAt)
                        ON CONFLICT DO NOTHING
                        """)
                .param("id", s.id()).param("tenantId", s.tenantId()).param("profileId", s.profileId())
                .param("endpoint", s.endpoint()).param("p256dh", s.p256dh()).param("auth", s.auth())
                .param("createdAt", Timestamps.of(s.createdAt())).update() == 1;
    }

    /** The same browser again: its keys may have changed, and it may be another person's now (a shared phone). */
    void refresh(UUID tenantId, UUID id, UUID profileId, String p256dh, String auth) {
        jdbc.sql("""
                        UPDATE push_subscription SET profile_id = :profileId, p256dh = :p256dh, auth = :auth
                        WHERE tenant_id = :tenantId AND id = :id
                        """)
                .param("tenantId", tenantId).param("id", id).param("profileId", profileId).param("p256dh", p256dh)
                .param("auth", auth).update();
    }

    public boolean delete(UUID tenantId, UUID id) {
        return jdbc.sql("DELETE FROM push_subscription WHERE tenant_id = :tenantId AND id = :id")
                .param("tenantId", tenantId).param("id", id).update() == 1;
    }

    int deleteOf(UUID tenantId, Collection<UUID> profileIds) {
        if (profileIds.isEmpty()) {
            return 0;
        }
        return jdbc.sql("DELETE FROM push_subscription WHERE tenant_id = :tenantId AND profile_id IN (:profiles)")
                .param("tenantId", tenantId).param("profiles", profileIds).update();
    }

    private static final String SELECT = """
            SELECT id, tenant_id, profile_id, endpoint, p256dh, auth, created_at FROM push_subscription""";

    private Subscription map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Subscription(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getObject("profile_id", UUID.class), rs.getString("endpoint"), rs.getString("p256dh"),
                rs.getString("auth"), Timestamps.instant(rs, "created_at"));
    }
}

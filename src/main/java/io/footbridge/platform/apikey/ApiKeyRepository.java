package io.footbridge.platform.apikey;

import io.footbridge.platform.Scope;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

@Repository
class ApiKeyRepository {

    /** What authentication needs, found by the public lookup id. */
    record Credentials(UUID id, UUID tenantId, String name, String secretHash, List<Scope> scopes, UUID storeId,
                       boolean revoked) {
    }

    private static final String COLUMNS = """
            k.id, k.name, k.lookup_id, k.scopes, s.code AS store_code, k.created_at, k.rotated_at, k.last_used_at,
            k.revoked_at
            """;

    private final JdbcClient jdbc;

    ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID tenantId, UUID id, String name, ApiKeySecret secret, Collection<Scope> scopes, UUID storeId) {
        jdbc.sql("""
                        INSERT INTO api_key (id, tenant_id, name, lookup_id, secret_hash, scopes, store_id, created_at)
                        VALUES (:id, :tenantId, :name, :lookupId, :hash, :scopes, :storeId, :now)
                        """)
                .param("id", id)
                .param("tenantId", tenantId)
                .param("name", name)
                .param("lookupId", secret.lookupId())
                .param("hash", secret.hash())
                .param("scopes", scopes.stream().map(Scope::value).collect(Collectors.joining(" ")))
                .param("storeId", storeId)
                .param("now", Timestamps.now())
                .update();
    }

    int replaceSecret(UUID tenantId, UUID id, ApiKeySecret secret) {
        return jdbc.sql("""
                        UPDATE api_key SET lookup_id = :lookupId, secret_hash = :hash, rotated_at = :now
                        WHERE tenant_id = :tenantId AND id = :id AND revoked_at IS NULL
                        """)
                .param("lookupId", secret.lookupId()).param("hash", secret.hash()).param("now", Timestamps.now())
                .param("tenantId", tenantId).param("id", id)
                .update();
    }

    int revoke(UUID tenantId, UUID id) {
        return jdbc.sql("""
                        UPDATE api_key SET revoked_at = :now
                        WHERE tenant_id = :tenantId AND id = :id AND revoked_at IS NULL
                        """)
                .param("now", Timestamps.now()).param("tenantId", tenantId).param("id", id)
                .update();
    }

    /** Raised in the transaction of every rotation and revocation; nodes poll it to forget cached credentials. */
    void raiseGeneration() {
        jdbc.sql("UPDATE api_key_generation SET generation = generation + 1 WHERE id = 1").update();
    }

    long generation() {
        return jdbc.sql("SELECT generation FROM api_key_generation WHERE id = 1").query(Long.class).single();
    }

    void touch(UUID id, Instant when) {
        jdbc.sql("UPDATE api_key SET last_used_at = :when WHERE id = :id")
                .param("when", Timestamps.of(when)).param("id", id)
                .update();
    }

    Optional<Credentials> findCredentials(String lookupId) {
        return jdbc.sql("""
                        SELECT id, tenant_id, name, secret_hash, scopes, store_id, revoked_at
                        FROM api_key WHERE lookup_id = :lookupId
                        """)
                .param("lookupId", lookupId)
                .query((rs, n) -> new Credentials(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                        rs.getString("name"), rs.getString("secret_hash"), scopes(rs.getString("scopes")),
                        rs.getObject("store_id", UUID.class), rs.getObject("revoked_at") != null))
                .optional();
    }

    Optional<ApiKey> find(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + """
                        FROM api_key k LEFT JOIN store s ON s.id = k.store_id
                        WHERE k.tenant_id = :tenantId AND k.id = :id
                        """)
                .param("tenantId", tenantId).param("id", id)
                .query(ApiKeyRepository::toKey).optional();
    }

    List<ApiKey> list(UUID tenantId, boolean includeRevoked) {
        return jdbc.sql("SELECT " + COLUMNS + """
                        FROM api_key k LEFT JOIN store s ON s.id = k.store_id
                        WHERE k.tenant_id = :tenantId AND (:includeRevoked = TRUE OR k.revoked_at IS NULL)
                        ORDER BY k.created_at, k.id
                        """)
                .param("tenantId", tenantId).param("includeRevoked", includeRevoked)
                .query(ApiKeyRepository::toKey).list();
    }

    private static ApiKey toKey(ResultSet rs, int row) throws SQLException {
        Instant revokedAt = Timestamps.instant(rs, "revoked_at");
        return new ApiKey(rs.getObject("id", UUID.class), rs.getString("name"), "fbk_" + rs.getString("lookup_id"),
                scopes(rs.getString("scopes")), rs.getString("store_code"),
                revokedAt == null ? ApiKey.Status.ACTIVE : ApiKey.Status.REVOKED,
                Timestamps.instant(rs, "created_at"), Timestamps.instant(rs, "rotated_at"),
                Timestamps.instant(rs, "last_used_at"), revokedAt);
    }

    private static List<Scope> scopes(String stored) {
        return Arrays.stream(stored.split(" ")).map(Scope::of).flatMap(Optional::stream).toList();
    }
}

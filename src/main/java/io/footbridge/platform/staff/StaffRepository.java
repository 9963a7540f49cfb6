package io.footbridge.platform.staff;

import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

@Repository
class StaffRepository {

    private final JdbcClient jdbc;

    StaffRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<StaffLogin> findLogin(String email) {
        return jdbc.sql("""
                        SELECT id, tenant_id, email, password_hash, role, installation_admin, disabled_at
                        FROM staff_user WHERE email = :email
                        """)
                .param("email", email)
                .query((rs, n) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    return new StaffLogin(id, rs.getObject("tenant_id", UUID.class), rs.getString("email"),
                            rs.getString("password_hash"), Role.of(rs.getString("role")).orElseThrow(),
                            rs.getBoolean("installation_admin"), rs.getObject("disabled_at") != null, Set.of());
                })
                .optional()
                .map(login -> new StaffLogin(login.id(), login.tenantId(), login.email(), login.passwordHash(),
                        login.role(), login.installationAdmin(), login.disabled(),
                        new HashSet<>(storeIds(login.tenantId(), login.id()))));
    }

    void insert(UUID tenantId, UUID id, String email, String name, Role role, String passwordHash,
                boolean installationAdmin) {
        var now = Timestamps.now();
        jdbc.sql("""
                        INSERT INTO staff_user (id, tenant_id, email, name, role, password_hash, installation_admin,
                                                created_at, updated_at)
                        VALUES (:id, :tenantId, :email, :name, :role, :passwordHash, :installationAdmin, :now, :now)
                        """)
                .param("id", id)
                .param("tenantId", tenantId)
                .param("email", email)
                .param("name", name)
                .param("role", role.value())
                .param("passwordHash", passwordHash)
                .param("installationAdmin", installationAdmin)
                .param("now", now)
                .update();
    }

    boolean emailTaken(String email) {
        return jdbc.sql("SELECT COUNT(*) FROM staff_user WHERE email = :email")
                .param("email", email).query(Long.class).single() > 0;
    }

    /** Anything but the admin role drops the installation flag with it; a new admin role does not bring it back. */
    int update(UUID tenantId, UUID id, String name, Role role) {
        return jdbc.sql("""
                        UPDATE staff_user SET name = :name, role = :role, updated_at = :now,
                               installation_admin = installation_admin AND :admin
                        WHERE tenant_id = :tenantId AND id = :id
                        """)
                .param("name", name).param("role", role.value()).param("now", Timestamps.now())
                .param("admin", role == Role.ADMIN)
                .param("tenantId", tenantId).param("id", id)
                .update();
    }

    int updatePassword(UUID tenantId, UUID id, String passwordHash) {
        return jdbc.sql("""
                        UPDATE staff_user SET password_hash = :hash, updated_at = :now
                        WHERE tenant_id = :tenantId AND id = :id
                        """)
                .param("hash", passwordHash).param("now", Timestamps.now())
                .param("tenantId", tenantId).param("id", id)
                .update();
    }

    int disable(UUID tenantId, UUID id) {
        var now = Timestamps.now();
        return jdbc.sql("""
                        UPDATE staff_user SET disabled_at = :now, updated_at = :now
                        WHERE tenant_id = :tenantId AND id = :id AND disabled_at IS NULL
                        """)
                .param("now", now).param("tenantId", tenantId).param("id", id)
                .update();
    }

    void replaceStores(UUID tenantId, UUID userId, List<UUID> storeIds) {
        jdbc.sql("DELETE FROM staff_user_store WHERE tenant_id = :tenantId AND user_id = :userId")
                .param("tenantId", tenantId).param("userId", userId).update();
        for (UUID storeId : storeIds) {
            jdbc.sql("INSERT INTO staff_user_store (tenant_id, user_id, store_id) VALUES (:tenantId, :userId, :storeId)")
                    .param("tenantId", tenantId).param("userId", userId).param("storeId", storeId).update();
        }
    }

    List<UUID> storeIds(UUID tenantId, UUID userId) {
        return jdbc.sql("SELECT store_id FROM staff_user_store WHERE tenant_id = :tenantId AND user_id = :userId")
                .param("tenantId", tenantId).param("userId", userId)
                .query(UUID.class).list();
    }

    long countActiveAdmins(UUID tenantId) {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM staff_user
                        WHERE tenant_id = :tenantId AND role = 'admin' AND disabled_at IS NULL
                        """)
                .param("tenantId", tenantId).query(Long.class).single();
    }

    long countActiveInstallationAdmins() {
        return jdbc.sql("SELECT COUNT(*) FROM staff_user WHERE installation_admin AND disabled_at IS NULL")
                .query(Long.class).single();
    }

    Optional<StaffUser> find(UUID tenantId, UUID id) {
        return jdbc.sql("""
                        SELECT id, email, name, role, installation_admin, created_at, updated_at, disabled_at
                        FROM staff_user WHERE tenant_id = :tenantId AND id = :id
                        """)
                .param("tenantId", tenantId).param("id", id)
                .query((rs, n) -> toUser(rs, List.of()))
                .optional()
                .map(u -> withStores(u, storeCodes(tenantId, List.of(id))));
    }

    List<StaffUser> list(UUID tenantId, int limit, int offset) {
        List<StaffUser> users = jdbc.sql("""
                        SELECT id, email, name, role, installation_admin, created_at, updated_at, disabled_at
                        FROM staff_user WHERE tenant_id = :tenantId
                        ORDER BY email
                        LIMIT :limit OFFSET :offset
                        """)
                .param("tenantId", tenantId).param("limit", limit).param("offset", offset)
                .query((rs, n) -> toUser(rs, List.of()))
                .list();
        Map<UUID, List<String>> codes = storeCodes(tenantId, users.stream().map(StaffUser::id).toList());
        return users.stream().map(u -> withStores(u, codes)).toList();
    }

    private static StaffUser withStores(StaffUser u, Map<UUID, List<String>> codes) {
        return new StaffUser(u.id(), u.email(), u.name(), u.role(), codes.getOrDefault(u.id(), List.of()),
                u.installationAdmin(), u.createdAt(), u.updatedAt(), u.disabledAt());
    }

    private Map<UUID, List<String>> storeCodes(UUID tenantId, List<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("""
                        SELECT us.user_id, s.code FROM staff_user_store us
                        JOIN store s ON s.id = us.store_id AND s.tenant_id = us.tenant_id
                        WHERE us.tenant_id = :tenantId AND us.user_id IN (:userIds)
                        ORDER BY s.code
                        """)
                .param("tenantId", tenantId).param("userIds", userIds)
                .query((rs, n) -> Map.entry(rs.getObject("user_id", UUID.class), rs.getString("code")))
                .list().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    }

    private static StaffUser toUser(ResultSet rs, List<String> storeCodes) throws SQLException {
        return new StaffUser(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("name"),
                Role.of(rs.getString("role")).orElseThrow(), storeCodes, rs.getBoolean("installation_admin"),
                Timestamps.instant(rs, "created_at"), Timestamps.instant(rs, "updated_at"),
                Timestamps.instant(rs, "disabled_at"));
    }
}

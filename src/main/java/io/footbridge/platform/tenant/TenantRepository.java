package io.footbridge.platform.tenant;

import io.footbridge.platform.Timestamps;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Repository
class TenantRepository {

    private final JdbcClient jdbc;

    TenantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True for the one node that marks the installation as set up; false if another got there first. */
    boolean claimInstallation() {
        try {
            jdbc.sql("INSERT INTO installation (id, created_at) VALUES (1, :now)")
                    .param("now", Timestamps.now()).update();
            return true;
        } catch (DuplicateKeyException alreadyInstalled) {
            return false;
        }
    }

    boolean installed() {
        return jdbc.sql("SELECT COUNT(*) FROM installation").query(Long.class).single() > 0;
    }

    void insert(UUID id, String name) {
        var now = Timestamps.now();
        jdbc.sql("INSERT INTO tenant (id, name, created_at, updated_at) VALUES (:id, :name, :now, :now)")
                .param("id", id).param("name", name).param("now", now)
                .update();
    }

    int rename(UUID id, String name) {
        return jdbc.sql("UPDATE tenant SET name = :name, updated_at = :now WHERE id = :id")
                .param("name", name).param("now", Timestamps.now()).param("id", id)
                .update();
    }

    Optional<Tenant> find(UUID id) {
        return jdbc.sql("SELECT id, name, created_at, updated_at FROM tenant WHERE id = :id")
                .param("id", id).query(TenantRepository::toTenant).optional();
    }

    List<Tenant> list(int limit, int offset) {
        return jdbc.sql("SELECT id, name, created_at, updated_at FROM tenant ORDER BY created_at, id LIMIT :limit OFFSET :offset")
                .param("limit", limit).param("offset", offset)
                .query(TenantRepository::toTenant).list();
    }

    private static Tenant toTenant(ResultSet rs, int row) throws SQLException {
        return new Tenant(rs.getObject("id", UUID.class), rs.getString("name"), Timestamps.instant(rs, "created_at"),
                Timestamps.instant(rs, "updated_at"));
    }
}

package io.footbridge.consent.gate;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Suppressions;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Repository
public class SuppressionRepository {

    public record Suppression(Channel channel, String address, Suppressions.Reason reason, String detail,
                              Instant createdAt, String createdBy) {
    }

    private static final String SELECT = "SELECT channel, address, reason, detail, created_at, created_by FROM suppression";

    private final JdbcClient jdbc;

    SuppressionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean insert(UUID tenantId, Suppression s) {
        return jdbc.sql("""
                        INSERT INTO suppression (tenant_id, channel, address, reason, detail, created_at, created_by)
                        VALUES (:tenantId, :channel, :address, :reason, :detail, :createdAt, :createdBy)
                        ON CONFLICT DO NOTHING
                        """)
                .param("tenantId", tenantId).param("channel", s.channel().value()).param("address", s.address())
                .param("reason", s.reason().value()).param("detail", s.detail())
                .param("createdAt", Timestamps.of(s.createdAt())).param("createdBy", s.createdBy())
                .update() == 1;
    }

    Optional<Suppression> find(UUID tenantId, Channel channel, String address) {
        return jdbc.sql(SELECT + " WHERE tenant_id = :tenantId AND channel = :channel AND address = :address")
                .param("tenantId", tenantId).param("channel", channel.value()).param("address", address)
                .query(SuppressionRepository::row).optional();
    }

    /** By address, then channel; a page starts after the (address, channel) the last one ended with. */
    List<Suppression> list(UUID tenantId, Channel channel, String afterAddress, String afterChannel, int limit) {
        return jdbc.sql(SELECT + """
                         WHERE tenant_id = :tenantId AND (CAST(:channel AS VARCHAR) IS NULL OR channel = :channel)
                           AND (address > :after OR (address = :after AND channel > :afterChannel))
                         ORDER BY address, channel FETCH FIRST :limit ROWS ONLY
                        """)
                .param("tenantId", tenantId).param("channel", channel == null ? null : channel.value())
                .param("after", afterAddress == null ? "" : afterAddress)
                .param("afterChannel", afterChannel == null ? "" : afterChannel).param("limit", limit)
                .query(SuppressionRepository::row).list();
    }

    /** Of these addresses, the suppressed ones. */
    public List<Suppression> of(UUID tenantId, Collection<String> addresses) {
        if (addresses.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + " WHERE tenant_id = :tenantId AND address IN (:addresses) ORDER BY created_at")
                .param("tenantId", tenantId).param("addresses", addresses).query(SuppressionRepository::row).list();
    }

    boolean delete(UUID tenantId, Channel channel, String address) {
        return jdbc.sql("DELETE FROM suppression WHERE tenant_id = :tenantId AND channel = :channel AND address = :address")
                .param("tenantId", tenantId).param("channel", channel.value()).param("address", address)
                .update() == 1;
    }

    /** Erasure: the address goes; the tombstone keeps it from coming back. */
    public int deleteAll(UUID tenantId, Collection<String> addresses) {
        if (addresses.isEmpty()) {
            return 0;
        }
        return jdbc.sql("DELETE FROM suppression WHERE tenant_id = :tenantId AND address IN (:addresses)")
                .param("tenantId", tenantId).param("addresses", addresses).update();
    }

    private static Suppression row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Suppression(Channel.of(rs.getString(1)).orElseThrow(), rs.getString(2),
                Suppressions.Reason.valueOf(rs.getString(3).toUpperCase(java.util.Locale.ROOT)), rs.getString(4),
                Timestamps.instant(rs, "created_at"), rs.getString(6));
    }
}

package io.footbridge.consent.gate;

import io.footbridge.consent.Channel;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The marketing messages let through per person, for the frequency cap. */
@Repository
public class ContactRepository {

    private final JdbcClient jdbc;

    ContactRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Serialises counting for one subject across transactions and nodes until the caller's transaction ends. */
    void lock(UUID tenantId, String subject) {
        jdbc.sql("INSERT INTO consent_contact_lock (tenant_id, subject) VALUES (:tenantId, :subject) ON CONFLICT DO NOTHING")
                .param("tenantId", tenantId).param("subject", subject).update();
        jdbc.sql("SELECT subject FROM consent_contact_lock WHERE tenant_id = :tenantId AND subject = :subject FOR UPDATE")
                .param("tenantId", tenantId).param("subject", subject).query(String.class).single();
    }

    /** When the contacts since {@code since} were made, oldest first, leaving out an earlier try of this one. */
    List<Instant> since(UUID tenantId, String subject, Instant since, String exceptKey) {
        return jdbc.sql("""
                        SELECT at FROM consent_contact WHERE tenant_id = :tenantId AND subject = :subject AND at > :since
                          AND (CAST(:key AS VARCHAR) IS NULL OR contact_key IS NULL OR contact_key <> :key)
                        ORDER BY at
                        """)
                .param("tenantId", tenantId).param("subject", subject).param("since", Timestamps.of(since))
                .param("key", exceptKey)
                .query((rs, n) -> Timestamps.instant(rs, "at")).list();
    }

    /** A contact; one with the key of an earlier try is not counted again. */
    void insert(UUID tenantId, String subject, Channel channel, Instant at, String key) {
        jdbc.sql("""
                        INSERT INTO consent_contact (tenant_id, subject, channel, at, contact_key)
                        VALUES (:tenantId, :subject, :channel, :at, :key)
                        ON CONFLICT DO NOTHING
                        """)
                .param("tenantId", tenantId).param("subject", subject).param("channel", channel.value())
                .param("at", Timestamps.of(at)).param("key", key).update();
    }

    public int forget(UUID tenantId, String subject, String replacement) {
        jdbc.sql("DELETE FROM consent_contact_lock WHERE tenant_id = :tenantId AND subject = :subject")
                .param("tenantId", tenantId).param("subject", subject).update();
        return jdbc.sql("UPDATE consent_contact SET subject = :replacement WHERE tenant_id = :tenantId AND subject = :subject")
                .param("replacement", replacement).param("tenantId", tenantId).param("subject", subject).update();
    }
}

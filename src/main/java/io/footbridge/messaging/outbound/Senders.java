package io.footbridge.messaging.outbound;

import io.footbridge.messaging.channel.MessagingProperties;
import io.footbridge.platform.Brands;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.UUID;

/** Who a tenant's messages come from: its own settings, else the installation's sender and the brand's name. */
@Component
public class Senders {

    /** A tenant's sender settings; nulls fall back to the installation's. */
    public record Settings(String emailFrom, String emailFromName, String replyTo, String smsFrom,
                           String whatsappNumber) {

        static final Settings NONE = new Settings(null, null, null, null, null);
    }

    /** The sender of one email. */
    record EmailSender(String from, String fromName, String replyTo) {
    }

    private final JdbcClient jdbc;
    private final Brands brands;
    private final MessagingProperties properties;

    Senders(JdbcClient jdbc, Brands brands, MessagingProperties properties) {
        this.jdbc = jdbc;
        this.brands = brands;
        this.properties = properties;
    }

    /** Read for every message sent; changes reach other nodes within the expiry. */
    private final com.github.benmanes.caffeine.cache.Cache<UUID, Settings> cache =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(10_000)
                    .expireAfterWrite(java.time.Duration.ofSeconds(10)).build();

    public Settings settings(UUID tenantId) {
        return cache.get(tenantId, this::load);
    }

    private Settings load(UUID tenantId) {
        return jdbc.sql("""
                        SELECT email_from, email_from_name, reply_to, sms_from, whatsapp_number
                        FROM messaging_sender WHERE tenant_id = :tenantId
                        """)
                .param("tenantId", tenantId)
                .query((rs, n) -> new Settings(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)))
                .optional().orElse(Settings.NONE);
    }

    /** The tenant whose SMS sender number or WhatsApp number this is, for inbound messages and callbacks. */
    public Optional<UUID> tenantOf(String smsFrom, String whatsappNumber) {
        return jdbc.sql("""
                        SELECT tenant_id FROM messaging_sender
                        WHERE (CAST(:sms AS VARCHAR) IS NOT NULL AND sms_from = :sms)
                           OR (CAST(:whatsapp AS VARCHAR) IS NOT NULL AND whatsapp_number = :whatsapp)
                        ORDER BY updated_at FETCH FIRST 1 ROWS ONLY
                        """)
                .param("sms", smsFrom).param("whatsapp", whatsappNumber).query(UUID.class).optional();
    }

    void save(UUID tenantId, Settings s) {
        var params = new java.util.HashMap<String, Object>();
        params.put("tenantId", tenantId);
        params.put("emailFrom", s.emailFrom());
        params.put("emailFromName", s.emailFromName());
        params.put("replyTo", s.replyTo());
        params.put("smsFrom", s.smsFrom());
        params.put("whatsapp", s.whatsappNumber());
        params.put("now", Timestamps.now());
        int updated = jdbc.sql("""
                        UPDATE messaging_sender SET email_from = :emailFrom, email_from_name = :emailFromName,
                               reply_to = :replyTo, sms_from = :smsFrom, whatsapp_number = :whatsapp, updated_at = :now
                        WHERE tenant_id = :tenantId
                        """)
                .params(params).update();
        if (updated == 0) {
            jdbc.sql("""
                            INSERT INTO messaging_sender (tenant_id, email_from, email_from_name, reply_to, sms_from,
                                whatsapp_number, updated_at)
                            VALUES (:tenantId, :emailFrom, :emailFromName, :replyTo, :smsFrom, :whatsapp, :now)
                            """)
                    .params(params).update();
        }
        cache.invalidate(tenantId);
    }

    EmailSender email(UUID tenantId) {
        Settings s = settings(tenantId);
        return new EmailSender(s.emailFrom() != null ? s.emailFrom() : properties.email().from(),
                s.emailFromName() != null ? s.emailFromName() : brands.of(tenantId).name(), s.replyTo());
    }
}

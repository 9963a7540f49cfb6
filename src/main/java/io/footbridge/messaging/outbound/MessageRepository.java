package io.footbridge.messaging.outbound;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

@Repository
public class MessageRepository {

    private static final String SELECT = """
            SELECT id, tenant_id, profile_id, channel, purpose, to_address, template_key, language, subject, body_text,
                   body_html, whatsapp, unsubscribe_url, status, reason, attempts, due_at, provider, provider_id, track,
                   idempotency_key, store_id, origin, created_at, sent_at, delivered_at, opened_at, clicked_at,
                   updated_at, acknowledges
            FROM message
            """;

    public record Link(String code, UUID messageId, UUID tenantId, int position, String url, int clicks) {
    }

    public record Event(String status, Instant occurredAt, String detail) {
    }

    private final JdbcClient jdbc;

    MessageRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** False when the idempotency key was used before (the first message stands). */
    boolean insert(Message m) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", m.id());
        p.put("tenantId", m.tenantId());
        p.put("profileId", m.profileId());
        p.put("channel", m.channel().value());
        p.put("purpose", m.purpose().value());
        p.put("to", m.to());
        p.put("template", m.template());
        p.put("language", m.language());
        p.put("subject", m.subject());
        p.put("text", m.text());
        p.put("html", m.html());
        p.put("whatsapp", m.whatsappJson());
        p.put("unsubscribeUrl", m.unsubscribeUrl());
        p.put("status", m.status());
        p.put("reason", truncate(m.reason(), 500));
        p.put("dueAt", Timestamps.of(m.dueAt()));
        p.put("track", m.track());
        p.put("idempotencyKey", m.idempotencyKey());
        p.put("storeId", m.storeId());
        p.put("origin", m.origin());
        p.put("now", Timestamps.of(m.createdAt()));
        p.put("acknowledges", m.acknowledges());
        return jdbc.sql("""
                        INSERT INTO message (id, tenant_id, profile_id, channel, purpose, to_address, template_key,
                            language, subject, body_text, body_html, whatsapp, unsubscribe_url, status, reason, attempts,
                            due_at, track, idempotency_key, store_id, origin, created_at, updated_at, acknowledges)
                        VALUES (:id, :tenantId, :profileId, :channel, :purpose, :to, :template, :language, :subject,
                            :text, :html, :whatsapp, :unsubscribeUrl, :status, :reason, 0, :dueAt, :track,
                            :idempotencyKey, :storeId, :origin, :now, :now, :acknowledges)
                        ON CONFLICT DO NOTHING
                        """)
                .params(p).update() == 1;
    }

    public Optional<Message> find(UUID tenantId, UUID id) {
        return jdbc.sql(SELECT + " WHERE tenant_id = :tenantId AND id = :id")
                .param("tenantId", tenantId).param("id", id).query(MessageRepository::message).optional();
    }

    /** The tenant that last sent a message on this channel to this address, on any tenant's behalf. */
    public Optional<UUID> lastSentTo(Channel channel, String address) {
        return jdbc.sql("""
                        SELECT tenant_id FROM message
                        WHERE to_address = :address AND channel = :channel
                          AND status IN ('sent', 'delivered', 'opened', 'clicked', 'unknown')
                        ORDER BY created_at DESC FETCH FIRST 1 ROWS ONLY
                        """)
                .param("address", address).param("channel", channel.value()).query(UUID.class).optional();
    }

    /** Any tenant's: for a provider's callback whose signed URL names the message. */
    Optional<Message> byId(UUID id) {
        return jdbc.sql(SELECT + " WHERE id = :id").param("id", id).query(MessageRepository::message).optional();
    }

    Optional<Message> byIdempotencyKey(UUID tenantId, String key) {
        return jdbc.sql(SELECT + " WHERE tenant_id = :tenantId AND idempotency_key = :key")
                .param("tenantId", tenantId).param("key", key).query(MessageRepository::message).optional();
    }

    public Optional<Message> byProviderId(String provider, String providerId) {
        return jdbc.sql(SELECT + " WHERE provider = :provider AND provider_id = :providerId")
                .param("provider", provider).param("providerId", providerId).query(MessageRepository::message)
                .optional();
    }

    Optional<Message> byTrack(String track) {
        return jdbc.sql(SELECT + " WHERE track = :track").param("track", track)
                .query(MessageRepository::message).optional();
    }

    /** What we sent to one address on one channel, newest first: our side of an inbox conversation. */
    public List<Message> to(UUID tenantId, Channel channel, String address, int limit) {
        return jdbc.sql(SELECT + """
                         WHERE tenant_id = :tenantId AND to_address = :address AND channel = :channel
                         ORDER BY created_at DESC, id
                         FETCH FIRST :limit ROWS ONLY
                        """)
                .param("tenantId", tenantId).param("address", address).param("channel", channel.value())
                .param("limit", limit).query(MessageRepository::message).list();
    }

    /** Newest first; filters left null are ignored; paged by creation time. */
    List<Message> list(UUID tenantId, UUID profileId, String status, String provider, String origin,
                       Instant before, int limit) {
        return jdbc.sql(SELECT + """
                         WHERE tenant_id = :tenantId
                           AND (CAST(:profileId AS UUID) IS NULL OR profile_id = :profileId)
                           AND (CAST(:status AS VARCHAR) IS NULL OR status = :status)
                           AND (CAST(:provider AS VARCHAR) IS NULL OR provider = :provider)
                           AND (CAST(:origin AS VARCHAR) IS NULL OR origin = :origin)
                           AND created_at < :before
                         ORDER BY created_at DESC, id
                         FETCH FIRST :limit ROWS ONLY
                        """)
                .param("tenantId", tenantId).param("profileId", profileId).param("status", status)
                .param("provider", provider).param("origin", origin).param("before", Timestamps.of(before))
                .param("limit", limit)
                .query(MessageRepository::message).list();
    }

    long queued(UUID tenantId) {
        return jdbc.sql("SELECT COUNT(*) FROM message WHERE tenant_id = :tenantId AND status = 'queued'")
                .param("tenantId", tenantId).query(Long.class).single();
    }

    /** The ids of due messages, oldest due first: candidates only, until {@link #claim} wins them. */
    List<UUID> due(Instant now, int limit) {
        return jdbc.sql("""
                        SELECT id FROM message WHERE status = 'queued' AND due_at <= :now
                        ORDER BY due_at FETCH FIRST :limit ROWS ONLY
                        """)
                .param("now", Timestamps.of(now)).param("limit", limit).query(UUID.class).list();
    }

    /**
     * Claims these messages for one worker: a conditional update, so that of two workers (on one node or two)
     * reaching for the same row only one moves it from queued to sending.
     */
    int claim(UUID claim, Collection<UUID> ids, Instant now, Instant leaseUntil) {
        return jdbc.sql("""
                        UPDATE message SET status = 'sending', claim = :claim, claimed_until = :leaseUntil,
                               attempts = attempts + 1, updated_at = :now
                        WHERE id IN (:ids) AND status = 'queued'
                        """)
                .param("claim", claim).param("now", Timestamps.of(now)).param("leaseUntil", Timestamps.of(leaseUntil))
                .param("ids", ids).update();
    }

    List<Message> claimed(UUID claim) {
        return jdbc.sql(SELECT + " WHERE claim = :claim AND status = 'sending' ORDER BY due_at")
                .param("claim", claim).query(MessageRepository::message).list();
    }

    /** Moves a claimed message on; false when the claim was lost (the lease ran out and it was marked unknown). */
    boolean settle(UUID id, UUID claim, String status, String reason, String provider, String providerId,
                   Instant dueAt, Instant now) {
        return jdbc.sql("""
                        UPDATE message SET status = :status, reason = :reason, provider = :provider,
                               provider_id = :providerId, due_at = :dueAt, claim = NULL, claimed_until = NULL,
                               sent_at = CASE WHEN :status IN ('sent', 'delivered') THEN :now ELSE sent_at END,
                               delivered_at = CASE WHEN :status = 'delivered' THEN :now ELSE delivered_at END,
                               updated_at = :now
                        WHERE id = :id AND claim = :claim AND status = 'sending'
                        """)
                .param("status", status).param("reason", truncate(reason, 500)).param("provider", provider)
                .param("providerId", providerId).param("dueAt", Timestamps.of(dueAt)).param("now", Timestamps.of(now))
                .param("id", id).param("claim", claim).update() == 1;
    }

    /** Messages whose sender stopped mid-send: they may have gone out, so they are never sent again. */
    int expireLeases(Instant now) {
        return jdbc.sql("""
                        UPDATE message SET status = 'unknown', claim = NULL, claimed_until = NULL, reason = :reason,
                               updated_at = :now
                        WHERE status = 'sending' AND claimed_until < :now
                        """)
                .param("reason", "the sending node stopped before the provider's answer was recorded")
                .param("now", Timestamps.of(now)).update();
    }

    /**
     * A provider's or the tracker's news about a message; the status only moves forward (a late "delivered" after
     * "opened" is recorded as an event but does not take the status back). The time of each milestone is kept once.
     */
    void progress(UUID id, String status, int rank, Instant at) {
        jdbc.sql("""
                        UPDATE message SET
                               status = CASE WHEN :rank > (CASE status WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2
                                   WHEN 'opened' THEN 3 WHEN 'clicked' THEN 4 WHEN 'unknown' THEN 0 ELSE 9 END)
                                   THEN :status ELSE status END,
                               sent_at = COALESCE(sent_at, CASE WHEN :rank >= 1 THEN :at END),
                               delivered_at = CASE WHEN :rank >= 2 AND :rank < 9 THEN COALESCE(delivered_at, :at)
                                   ELSE delivered_at END,
                               opened_at = CASE WHEN :rank >= 3 AND :rank < 9 THEN COALESCE(opened_at, :at)
                                   ELSE opened_at END,
                               clicked_at = CASE WHEN :rank = 4 THEN COALESCE(clicked_at, :at) ELSE clicked_at END,
                               updated_at = :at
                        WHERE id = :id
                        """)
                .param("status", status).param("rank", rank).param("at", Timestamps.of(at)).param("id", id).update();
    }

    /** A failure reported after sending (a bounce, a complaint, an undelivered SMS) overrides any progress. */
    void fail(UUID id, String status, String reason, Instant at) {
        jdbc.sql("UPDATE message SET status = :status, reason = :reason, updated_at = :at WHERE id = :id")
                .param("status", status).param("reason", truncate(reason, 500)).param("at", Timestamps.of(at))
                .param("id", id).update();
    }

    /** False when an event with this dedupe key was recorded for the message before (a replayed callback). */
    public boolean insertEvent(UUID messageId, UUID tenantId, String status, Instant at, String detail,
                               String dedupeKey) {
        return jdbc.sql("""
                        INSERT INTO message_event (message_id, tenant_id, status, occurred_at, detail, dedupe_key)
                        VALUES (:messageId, :tenantId, :status, :at, :detail, :dedupeKey)
                        ON CONFLICT DO NOTHING
                        """)
                .param("messageId", messageId).param("tenantId", tenantId).param("status", status)
                .param("at", Timestamps.of(at)).param("detail", truncate(detail, 500)).param("dedupeKey", dedupeKey)
                .update() == 1;
    }

    List<Event> events(UUID messageId) {
        return jdbc.sql("SELECT status, occurred_at, detail FROM message_event WHERE message_id = :id ORDER BY id")
                .param("id", messageId)
                .query((rs, n) -> new Event(rs.getString(1), Timestamps.instant(rs, "occurred_at"), rs.getString(3)))
                .list();
    }

    void insertLinks(List<Link> links) {
        for (Link link : links) {
            jdbc.sql("""
                            INSERT INTO message_link (code, message_id, tenant_id, position, url, clicks)
                            VALUES (:code, :messageId, :tenantId, :position, :url, 0)
                            """)
                    .param("code", link.code()).param("messageId", link.messageId()).param("tenantId", link.tenantId())
                    .param("position", link.position()).param("url", link.url()).update();
        }
    }

    Optional<Link> link(String code) {
        return jdbc.sql("SELECT code, message_id, tenant_id, position, url, clicks FROM message_link WHERE code = :code")
                .param("code", code)
                .query((rs, n) -> new Link(rs.getString(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                        rs.getInt(4), rs.getString(5), rs.getInt(6)))
                .optional();
    }

    List<Link> links(UUID messageId) {
        return jdbc.sql("""
                        SELECT code, message_id, tenant_id, position, url, clicks FROM message_link
                        WHERE message_id = :id ORDER BY position
                        """)
                .param("id", messageId)
                .query((rs, n) -> new Link(rs.getString(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                        rs.getInt(4), rs.getString(5), rs.getInt(6)))
                .list();
    }

    void countClick(String code, Instant at) {
        jdbc.sql("""
                        UPDATE message_link SET clicks = clicks + 1, first_clicked_at = COALESCE(first_clicked_at, :at)
                        WHERE code = :code
                        """)
                .param("at", Timestamps.of(at)).param("code", code).update();
    }

    /** A person's messages, for export and erasure: sent to one of these addresses or to one of these profiles. */
    public List<Message> of(UUID tenantId, Collection<UUID> profileIds, Collection<String> addresses) {
        return jdbc.sql(SELECT + """
                         WHERE tenant_id = :tenantId
                           AND (profile_id IN (:profileIds) OR to_address IN (:addresses))
                         ORDER BY created_at
                        """)
                .param("tenantId", tenantId).param("profileIds", nonEmpty(profileIds))
                .param("addresses", nonEmptyText(addresses))
                .query(MessageRepository::message).list();
    }

    /**
     * Erasure: the message stays as a count (its channel, purpose, status and times) but says nothing about who it
     * went to or what it said; queued ones are not sent.
     */
    public int erase(UUID tenantId, Collection<UUID> ids, Instant now) {
        if (ids.isEmpty()) {
            return 0;
        }
        jdbc.sql("UPDATE message_link SET url = 'erased' WHERE message_id IN (:ids)").param("ids", ids).update();
        jdbc.sql("UPDATE message_event SET detail = NULL WHERE message_id IN (:ids)").param("ids", ids).update();
        return jdbc.sql("""
                        UPDATE message SET profile_id = NULL, to_address = NULL, subject = NULL, body_text = NULL,
                               body_html = NULL, whatsapp = NULL, unsubscribe_url = NULL, idempotency_key = NULL,
                               status = CASE WHEN status IN ('queued', 'sending') THEN 'blocked' ELSE status END,
                               reason = CASE WHEN status IN ('queued', 'sending') THEN 'erased' ELSE reason END,
                               updated_at = :now
                        WHERE tenant_id = :tenantId AND id IN (:ids)
                        """)
                .param("tenantId", tenantId).param("ids", ids).param("now", Timestamps.of(now)).update();
    }

    private static Collection<UUID> nonEmpty(Collection<UUID> ids) {
        return ids.isEmpty() ? List.of(new UUID(0, 0)) : ids;
    }

    /** An empty IN list is not SQL; the empty string is no one's address (and, unlike NUL, PostgreSQL takes it). */
    private static Collection<String> nonEmptyText(Collection<String> values) {
        return values.isEmpty() ? List.of("") : values;
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    static Message message(ResultSet rs, int n) throws SQLException {
        return new Message(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getObject("profile_id", UUID.class), Channel.of(rs.getString("channel")).orElseThrow(),
                Purpose.of(rs.getString("purpose")).orElseThrow(), rs.getString("to_address"),
                rs.getString("template_key"), rs.getString("language"), rs.getString("subject"),
                rs.getString("body_text"), rs.getString("body_html"), rs.getString("whatsapp"),
                rs.getString("unsubscribe_url"), rs.getString("status"), rs.getString("reason"),
                rs.getInt("attempts"), Timestamps.instant(rs, "due_at"), rs.getString("provider"),
                rs.getString("provider_id"), rs.getString("track"), rs.getString("idempotency_key"),
                rs.getObject("store_id", UUID.class), rs.getString("origin"), Timestamps.instant(rs, "created_at"),
                Timestamps.instant(rs, "sent_at"), Timestamps.instant(rs, "delivered_at"),
                Timestamps.instant(rs, "opened_at"), Timestamps.instant(rs, "clicked_at"),
                Timestamps.instant(rs, "updated_at"), rs.getString("acknowledges"));
    }
}

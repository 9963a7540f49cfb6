package io.footbridge.messaging.inbound;

import io.footbridge.consent.Channel;
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

/** Tables {@code inbound_message} and {@code inbox_item}. */
@Repository
public class InboundRepository {

    private static final String SELECT_MESSAGE = """
            SELECT id, tenant_id, channel, provider, provider_id, from_address, to_address, profile_id, kind, body_text,
                   media, keyword, inbox_item_id, received_at
            FROM inbound_message
            """;
    private static final String SELECT_ITEM = """
            SELECT id, tenant_id, channel, address, profile_id, status, messages, replies, last_text, last_inbound_at,
                   answered_at, closed_at, created_at
            FROM inbox_item
            """;

    /** A message someone sent to one of the tenant's numbers. */
    record Inbound(UUID id, UUID tenantId, Channel channel, String provider, String providerId, String from,
                   String to, UUID profileId, String kind, String text, int media, String keyword, UUID inboxItemId,
                   Instant receivedAt) {
    }

    /** A conversation in the service inbox. */
    record Item(UUID id, UUID tenantId, Channel channel, String address, UUID profileId, String status, int messages,
                int replies, String lastText, Instant lastInboundAt, Instant answeredAt, Instant closedAt,
                Instant createdAt) {

        static final String OPEN = "open";
        static final String ANSWERED = "answered";
        static final String CLOSED = "closed";
    }

    private final JdbcClient jdbc;

    InboundRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the message is a HELP keyword from that address on that channel, received at or after {@code since}. */
    boolean isHelpRequest(UUID tenantId, UUID id, Channel channel, String from, Instant since) {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM inbound_message
                        WHERE id = :id AND tenant_id = :tenantId AND channel = :channel AND from_address = :from
                          AND keyword = 'help' AND received_at >= :since
                        """).param("id", id).param("tenantId", tenantId).param("channel", channel.value())
                .param("from", from).param("since", Timestamps.of(since)).query(Long.class).single() > 0;
    }

    /** False when the provider delivered this message before (a retried webhook). */
    boolean insert(Inbound m, Instant now) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", m.id());
        p.put("tenantId", m.tenantId());
        p.put("channel", m.channel().value());
        p.put("provider", m.provider());
        p.put("providerId", m.providerId());
        p.put("from", m.from());
        p.put("to", m.to());
        p.put("profileId", m.profileId());
        p.put("kind", m.kind());
        p.put("text", m.text());
        p.put("media", m.media());
        p.put("keyword", m.keyword());
        p.put("receivedAt", Timestamps.of(m.receivedAt()));
        p.put("now", Timestamps.of(now));
        return jdbc.sql("""
                        INSERT INTO inbound_message (id, tenant_id, channel, provider, provider_id, from_address,
                            to_address, profile_id, kind, body_text, media, keyword, received_at, created_at)
                        VALUES (:id, :tenantId, :channel, :provider, :providerId, :from, :to, :profileId, :kind, :text,
                            :media, :keyword, :receivedAt, :now)
                        ON CONFLICT DO NOTHING
                        """)
                .params(p).update() == 1;
    }

    void linkToItem(UUID messageId, UUID itemId) {
        jdbc.sql("UPDATE inbound_message SET inbox_item_id = :itemId WHERE id = :id")
                .param("itemId", itemId).param("id", messageId).update();
    }

    /**
     * When the person last wrote on the channel: WhatsApp lets a business send free text for 24 hours after that.
     * One indexed look-up per WhatsApp message sent.
     */
    public Optional<Instant> lastReceived(UUID tenantId, Channel channel, String from) {
        return jdbc.sql("""
                        SELECT MAX(received_at) AS last_received FROM inbound_message
                        WHERE tenant_id = :tenantId AND channel = :channel AND from_address = :from
                        """)
                .param("tenantId", tenantId).param("channel", channel.value()).param("from", from)
                .query((rs, n) -> Optional.ofNullable(Timestamps.instant(rs, "last_received"))).single();
    }

    /** The newest messages from one address on one channel, newest first. */
    List<Inbound> from(UUID tenantId, Channel channel, String from, int limit) {
        return jdbc.sql(SELECT_MESSAGE + """
                         WHERE tenant_id = :tenantId AND channel = :channel AND from_address = :from
                         ORDER BY received_at DESC, id
                         FETCH FIRST :limit ROWS ONLY
                        """)
                .param("tenantId", tenantId).param("channel", channel.value()).param("from", from)
                .param("limit", limit).query(InboundRepository::inbound).list();
    }

    /** A person's messages, for export: from one of their numbers or linked to one of their profiles. */
    List<Inbound> ofPerson(UUID tenantId, Collection<UUID> profileIds, Collection<String> addresses) {
        return jdbc.sql(SELECT_MESSAGE + """
                         WHERE tenant_id = :tenantId
                           AND (profile_id IN (:profileIds) OR from_address IN (:addresses))
                         ORDER BY received_at, id
                        """)
                .param("tenantId", tenantId).param("profileIds", nonEmpty(profileIds))
                .param("addresses", nonEmptyText(addresses)).query(InboundRepository::inbound).list();
    }

    /** Erasure: the message stays as a count, without who sent it or what it said. */
    int eraseMessages(UUID tenantId, Collection<UUID> profileIds, Collection<String> addresses) {
        return jdbc.sql("""
                        UPDATE inbound_message SET from_address = NULL, body_text = NULL, profile_id = NULL
                        WHERE tenant_id = :tenantId
                          AND (profile_id IN (:profileIds) OR from_address IN (:addresses))
                        """)
                .param("tenantId", tenantId).param("profileIds", nonEmpty(profileIds))
                .param("addresses", nonEmptyText(addresses)).update();
    }

    /** Erasure: the conversation keeps its counts and times and is closed. */
    int eraseItems(UUID tenantId, Collection<UUID> profileIds, Collection<String> addresses, Instant now) {
        return jdbc.sql("""
                        UPDATE inbox_item SET address = NULL, profile_id = NULL, last_text = NULL, status = 'closed',
                               closed_at = COALESCE(closed_at, :now), updated_at = :now
                        WHERE tenant_id = :tenantId
                          AND (profile_id IN (:profileIds) OR address IN (:addresses))
                        """)
                .param("tenantId", tenantId).param("profileIds", nonEmpty(profileIds))
                .param("addresses", nonEmptyText(addresses)).param("now", Timestamps.of(now)).update();
    }

    /**
     * A new message in the conversation with this address: it counts, shows its first words, reopens the
     * conversation and links a person found since. False when there is no conversation yet.
     */
    boolean touchItem(UUID tenantId, Channel channel, String address, UUID profileId, String lastText,
                      Instant receivedAt, Instant now) {
        return jdbc.sql("""
                        UPDATE inbox_item SET status = 'open', messages = messages + 1,
                               last_text = CASE WHEN :receivedAt >= last_inbound_at THEN :lastText ELSE last_text END,
                               last_inbound_at = CASE WHEN :receivedAt > last_inbound_at THEN :receivedAt
                                   ELSE last_inbound_at END,
                               profile_id = COALESCE(:profileId, profile_id), updated_at = :now
                        WHERE tenant_id = :tenantId AND channel = :channel AND address = :address
                        """)
                .param("receivedAt", Timestamps.of(receivedAt)).param("lastText", lastText)
                .param("profileId", profileId).param("now", Timestamps.of(now)).param("tenantId", tenantId)
                .param("channel", channel.value()).param("address", address).update() == 1;
    }

    /** False when another request created the conversation first. */
    boolean insertItem(UUID id, UUID tenantId, Channel channel, String address, UUID profileId, String lastText,
                       Instant receivedAt, Instant now) {
        return jdbc.sql("""
                        INSERT INTO inbox_item (id, tenant_id, channel, address, profile_id, status, messages, replies,
                            last_text, last_inbound_at, created_at, updated_at)
                        VALUES (:id, :tenantId, :channel, :address, :profileId, 'open', 1, 0, :lastText, :receivedAt,
                            :now, :now)
                        ON CONFLICT DO NOTHING
                        """)
                .param("id", id).param("tenantId", tenantId).param("channel", channel.value())
                .param("address", address).param("profileId", profileId).param("lastText", lastText)
                .param("receivedAt", Timestamps.of(receivedAt)).param("now", Timestamps.of(now)).update() == 1;
    }

    Optional<Item> item(UUID tenantId, Channel channel, String address) {
        return jdbc.sql(SELECT_ITEM + " WHERE tenant_id = :tenantId AND channel = :channel AND address = :address")
                .param("tenantId", tenantId).param("channel", channel.value()).param("address", address)
                .query(InboundRepository::item).optional();
    }

    Optional<Item> item(UUID tenantId, UUID id) {
        return jdbc.sql(SELECT_ITEM + " WHERE tenant_id = :tenantId AND id = :id")
                .param("tenantId", tenantId).param("id", id).query(InboundRepository::item).optional();
    }

    /** Newest conversation first; filters left null are ignored; paged by the time of the last message. */
    List<Item> items(UUID tenantId, String status, Channel channel, Instant before, int limit) {
        return jdbc.sql(SELECT_ITEM + """
                         WHERE tenant_id = :tenantId
                           AND (CAST(:status AS VARCHAR) IS NULL OR status = :status)
                           AND (CAST(:channel AS VARCHAR) IS NULL OR channel = :channel)
                           AND last_inbound_at < :before
                         ORDER BY last_inbound_at DESC, id
                         FETCH FIRST :limit ROWS ONLY
                        """)
                .param("tenantId", tenantId).param("status", status)
                .param("channel", channel == null ? null : channel.value()).param("before", Timestamps.of(before))
                .param("limit", limit).query(InboundRepository::item).list();
    }

    /** Staff answered; a retried reply (same idempotency key) is not counted again by the caller. */
    void answered(UUID tenantId, UUID id, Instant now) {
        jdbc.sql("""
                        UPDATE inbox_item SET status = 'answered', replies = replies + 1, answered_at = :now,
                               updated_at = :now
                        WHERE tenant_id = :tenantId AND id = :id
                        """)
                .param("now", Timestamps.of(now)).param("tenantId", tenantId).param("id", id).update();
    }

    void close(UUID tenantId, UUID id, Instant now) {
        jdbc.sql("""
                        UPDATE inbox_item SET status = 'closed', closed_at = :now, updated_at = :now
                        WHERE tenant_id = :tenantId AND id = :id AND status <> 'closed'
                        """)
                .param("now", Timestamps.of(now)).param("tenantId", tenantId).param("id", id).update();
    }

    private static Collection<UUID> nonEmpty(Collection<UUID> ids) {
        return ids.isEmpty() ? List.of(new UUID(0, 0)) : ids;
    }

    /** An empty IN list is not SQL; the empty string is no one's address (and, unlike NUL, PostgreSQL takes it). */
    private static Collection<String> nonEmptyText(Collection<String> values) {
        return values.isEmpty() ? List.of("") : values;
    }

    private static Inbound inbound(ResultSet rs, int n) throws SQLException {
        return new Inbound(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                Channel.of(rs.getString("channel")).orElseThrow(), rs.getString("provider"),
                rs.getString("provider_id"), rs.getString("from_address"), rs.getString("to_address"),
                rs.getObject("profile_id", UUID.class), rs.getString("kind"), rs.getString("body_text"),
                rs.getInt("media"), rs.getString("keyword"), rs.getObject("inbox_item_id", UUID.class),
                Timestamps.instant(rs, "received_at"));
    }

    private static Item item(ResultSet rs, int n) throws SQLException {
        return new Item(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                Channel.of(rs.getString("channel")).orElseThrow(), rs.getString("address"),
                rs.getObject("profile_id", UUID.class), rs.getString("status"), rs.getInt("messages"),
                rs.getInt("replies"), rs.getString("last_text"), Timestamps.instant(rs, "last_inbound_at"),
                Timestamps.instant(rs, "answered_at"), Timestamps.instant(rs, "closed_at"),
                Timestamps.instant(rs, "created_at"));
    }
}

package io.footbridge.receipts.receipt;

import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Repository
class ReceiptRepository {

    static final String ACTIVE = "active";
    static final String VOID = "void";
    /** Waiting to be sent: for the sale's consent ticks to reach the ledger, or for the next sweep. */
    static final String PENDING = "pending";
    /** Being composed and queued by one node, inside its transaction. */
    static final String COMPOSING = "composing";
    /** Voided before it went out. */
    static final String CANCELLED = "cancelled";
    /** The address given cannot receive the channel (a typo, a landline for SMS). */
    static final String UNDELIVERABLE = "undeliverable";

    /** A receipt as stored; {@code identifiers} is JSON, as typed at the till. */
    record Receipt(UUID id, UUID tenantId, String token, String transactionId, long eventSeq, UUID storeId,
               Instant occurredAt, String currency, long total, long refunded, String status, Instant voidedAt,
               String channel, String address, String email, String phone, String loyaltyId, String identifiers,
               Instant consentSince, String delivery, String deliveryReason, UUID messageId, int views,
               Instant firstViewedAt, Instant createdAt, Instant erasedAt) {

        boolean voided() {
            return VOID.equals(status);
        }
    }

    record Message(UUID messageId, UUID receiptId, String channel, boolean resend, boolean marketing, String status,
                   String reason, Instant queuedAt, Instant sentAt, Instant deliveredAt, Instant openedAt,
                   Instant clickedAt, Instant failedAt) {
    }

    record Cta(String cta, boolean inMessage, boolean onPage, int clicks, int messageClicks, Instant firstClickedAt,
               String couponCode, String couponUrl) {
    }

    private static final String COLUMNS = """
            id, tenant_id, token, transaction_id, event_seq, store_id, occurred_at, currency, total, refunded, status,
            voided_at, channel, address, email, phone, loyalty_id, identifiers, consent_since, delivery,
            delivery_reason, message_id, views, first_viewed_at, created_at, erased_at
            """;

    private final JdbcClient jdbc;

    ReceiptRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** False when the sale has a receipt already (the feed handed its event over again). */
    boolean insert(Receipt r) {
        return jdbc.sql("""
                        INSERT INTO receipt (id, tenant_id, token, transaction_id, event_seq, store_id, occurred_at,
                            currency, total, refunded, status, channel, address, email, phone, loyalty_id, identifiers,
                            consent_since, delivery, delivery_reason, views, created_at)
                        VALUES (:id, :tenantId, :token, :transactionId, :eventSeq, :storeId, :occurredAt, :currency,
                            :total, 0, :status, :channel, :address, :email, :phone, :loyaltyId, :identifiers,
                            :consentSince, :delivery, :deliveryReason, 0, :createdAt)
                        ON CONFLICT DO NOTHING
                        """)
                .param("id", r.id()).param("tenantId", r.tenantId()).param("token", r.token())
                .param("transactionId", r.transactionId()).param("eventSeq", r.eventSeq())
                .param("storeId", r.storeId()).param("occurredAt", Timestamps.of(r.occurredAt()))
                .param("currency", r.currency()).param("total", r.total()).param("status", r.status())
                .param("channel", r.channel()).param("address", r.address()).param("email", r.email())
                .param("phone", r.phone()).param("loyaltyId", r.loyaltyId()).param("identifiers", r.identifiers())
                .param("consentSince", Timestamps.of(r.consentSince())).param("delivery", r.delivery())
                .param("deliveryReason", r.deliveryReason()).param("createdAt", Timestamps.of(r.createdAt()))
                .update() == 1;
    }

    Optional<Receipt> find(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM receipt WHERE tenant_id = :tenantId AND id = :id")
                .param("tenantId", tenantId).param("id", id).query(ReceiptRepository::toRow).optional();
    }

    Optional<Receipt> findByToken(String token) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM receipt WHERE token = :token")
                .param("token", token).query(ReceiptRepository::toRow).optional();
    }

    /** Newest first; {@code storeIds} null means every store. */
    List<Receipt> list(UUID tenantId, Collection<UUID> storeIds, Instant from, Instant to, int limit, int offset) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM receipt
                        WHERE tenant_id = :tenantId
                          AND (:allStores OR store_id IN (:storeIds))
                          AND (CAST(:from AS TIMESTAMP WITH TIME ZONE) IS NULL OR occurred_at >= :from)
                          AND (CAST(:to AS TIMESTAMP WITH TIME ZONE) IS NULL OR occurred_at < :to)
                        ORDER BY occurred_at DESC, id
                        LIMIT :limit OFFSET :offset
                        """)
                .param("tenantId", tenantId).param("allStores", storeIds == null)
                .param("storeIds", storeIds == null || storeIds.isEmpty() ? List.of(new UUID(0, 0)) : storeIds)
                .param("from", Timestamps.of(from)).param("to", Timestamps.of(to))
                .param("limit", limit).param("offset", offset)
                .query(ReceiptRepository::toRow).list();
    }

    /** Receipts waiting to be sent, oldest first, across tenants. */
    List<Receipt> pending(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM receipt WHERE delivery = 'pending' ORDER BY created_at LIMIT :limit")
                .param("limit", limit).query(ReceiptRepository::toRow).list();
    }

    /**
     * Takes a pending receipt for composing, in the caller's transaction: a second node asking at the same moment
     * waits for the row and then finds it taken.
     */
    boolean claim(UUID id) {
        return jdbc.sql("UPDATE receipt SET delivery = 'composing' WHERE id = :id AND delivery = 'pending'")
                .param("id", id).update() == 1;
    }

    void delivery(UUID id, String delivery, String reason, UUID messageId) {
        jdbc.sql("""
                        UPDATE receipt SET delivery = :delivery, delivery_reason = :reason,
                            message_id = COALESCE(:messageId, message_id)
                        WHERE id = :id
                        """)
                .param("delivery", delivery).param("reason", reason).param("messageId", messageId).param("id", id)
                .update();
    }

    /** The latest message's status, unless another message has become the latest meanwhile. */
    void deliveryOf(UUID messageId, String delivery, String reason) {
        jdbc.sql("UPDATE receipt SET delivery = :delivery, delivery_reason = :reason WHERE message_id = :messageId")
                .param("delivery", delivery).param("reason", reason).param("messageId", messageId).update();
    }

    /** A void at the till: the page says so, and a receipt still waiting is not sent. */
    int voided(UUID tenantId, String transactionId, Instant at) {
        return jdbc.sql("""
                        UPDATE receipt SET status = 'void', voided_at = COALESCE(voided_at, :at),
                            delivery = CASE WHEN delivery = 'pending' THEN 'cancelled' ELSE delivery END
                        WHERE tenant_id = :tenantId AND transaction_id = :transactionId
                        """)
                .param("at", Timestamps.of(at)).param("tenantId", tenantId).param("transactionId", transactionId)
                .update();
    }

    int refunded(UUID tenantId, String transactionId, long refunded) {
        return jdbc.sql("""
                        UPDATE receipt SET refunded = :refunded
                        WHERE tenant_id = :tenantId AND transaction_id = :transactionId
                        """)
                .param("refunded", refunded).param("tenantId", tenantId).param("transactionId", transactionId)
                .update();
    }

    /** Counts a view; answers whether it was the receipt's first. */
    boolean viewed(UUID id, Instant at) {
        return jdbc.sql("""
                        UPDATE receipt SET views = views + 1, first_viewed_at = COALESCE(first_viewed_at, :at)
                        WHERE id = :id
                        """)
                .param("at", Timestamps.of(at)).param("id", id).update() == 1;
    }

    /** Staff corrected where the receipt goes. */
    void readdress(UUID id, String channel, String address, String email, String phone) {
        jdbc.sql("""
                        UPDATE receipt SET channel = :channel, address = :address,
                            email = COALESCE(:email, email), phone = COALESCE(:phone, phone)
                        WHERE id = :id
                        """)
                .param("channel", channel).param("address", address).param("email", email).param("phone", phone)
                .param("id", id).update();
    }

    /** The receipts of a person, found by any of their normalised identifiers. */
    List<Receipt> ofPerson(UUID tenantId, Collection<String> emails, Collection<String> phones,
                       Collection<String> loyaltyIds) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM receipt
                        WHERE tenant_id = :tenantId
                          AND (email IN (:emails) OR phone IN (:phones) OR loyalty_id IN (:loyaltyIds))
                        ORDER BY occurred_at
                        """)
                .param("tenantId", tenantId).param("emails", orNone(emails)).param("phones", orNone(phones))
                .param("loyaltyIds", orNone(loyaltyIds))
                .query(ReceiptRepository::toRow).list();
    }

    /** Keeps the sale's store, time, amounts and every count; the page is gone, and nothing names the person. */
    int erase(UUID tenantId, Collection<UUID> ids, Instant at) {
        return jdbc.sql("""
                        UPDATE receipt SET token = NULL, address = NULL, email = NULL, phone = NULL, loyalty_id = NULL,
                            identifiers = NULL, delivery = CASE WHEN delivery = 'pending' THEN 'cancelled' ELSE delivery END,
                            erased_at = :at
                        WHERE tenant_id = :tenantId AND id IN (:ids)
                        """)
                .param("at", Timestamps.of(at)).param("tenantId", tenantId).param("ids", ids).update();
    }

    // --- the messages a receipt went out in

    void insertMessage(UUID messageId, UUID receiptId, UUID tenantId, String channel, boolean resend,
                       boolean marketing, String status, String reason, Instant at) {
        jdbc.sql("""
                        INSERT INTO receipt_message (message_id, receipt_id, tenant_id, channel, resend, marketing,
                            status, reason, queued_at)
                        VALUES (:messageId, :receiptId, :tenantId, :channel, :resend, :marketing, :status, :reason, :at)
                        ON CONFLICT DO NOTHING
                        """)
                .param("messageId", messageId).param("receiptId", receiptId).param("tenantId", tenantId)
                .param("channel", channel).param("resend", resend).param("marketing", marketing)
                .param("status", status).param("reason", reason).param("at", Timestamps.of(at)).update();
    }

    /**
     * Records a status messaging reported. The status column only moves forward (a late "delivered" after "opened"
     * keeps "opened"); each first time is kept in its own column.
     */
    int messageStatus(UUID tenantId, UUID messageId, String status, int rank, String reason, Instant at) {
        return jdbc.sql("""
                        UPDATE receipt_message SET
                            status = CASE WHEN :rank > (CASE status WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2
                                     WHEN 'opened' THEN 3 WHEN 'clicked' THEN 4 ELSE 0 END) OR :rank < 0
                                     THEN :status ELSE status END,
                            reason = CASE WHEN :rank < 0 THEN :reason ELSE reason END,
                            sent_at = CASE WHEN :status = 'sent' THEN COALESCE(sent_at, :at) ELSE sent_at END,
                            delivered_at = CASE WHEN :status = 'delivered' THEN COALESCE(delivered_at, :at)
                                           ELSE delivered_at END,
                            opened_at = CASE WHEN :status = 'opened' THEN COALESCE(opened_at, :at) ELSE opened_at END,
                            clicked_at = CASE WHEN :status = 'clicked' THEN COALESCE(clicked_at, :at) ELSE clicked_at END,
                            failed_at = CASE WHEN :rank < 0 THEN COALESCE(failed_at, :at) ELSE failed_at END
                        WHERE tenant_id = :tenantId AND message_id = :messageId
                        """)
                .param("rank", rank).param("status", status).param("reason", reason).param("at", Timestamps.of(at))
                .param("tenantId", tenantId).param("messageId", messageId).update();
    }

    Optional<Message> message(UUID tenantId, UUID messageId) {
        return jdbc.sql("""
                        SELECT message_id, receipt_id, channel, resend, marketing, status, reason, queued_at, sent_at,
                               delivered_at, opened_at, clicked_at, failed_at
                        FROM receipt_message WHERE tenant_id = :tenantId AND message_id = :messageId
                        """)
                .param("tenantId", tenantId).param("messageId", messageId)
                .query(ReceiptRepository::toMessage).optional();
    }

    List<Message> messages(UUID tenantId, UUID receiptId) {
        return jdbc.sql("""
                        SELECT message_id, receipt_id, channel, resend, marketing, status, reason, queued_at, sent_at,
                               delivered_at, opened_at, clicked_at, failed_at
                        FROM receipt_message WHERE tenant_id = :tenantId AND receipt_id = :receiptId
                        ORDER BY queued_at
                        """)
                .param("tenantId", tenantId).param("receiptId", receiptId)
                .query(ReceiptRepository::toMessage).list();
    }

    // --- calls to action

    /** Notes that a call to action was shown in a message or on the page; a first showing adds its row. */
    void shown(UUID receiptId, UUID tenantId, String cta, boolean inMessage, boolean onPage) {
        jdbc.sql("""
                        INSERT INTO receipt_cta (receipt_id, tenant_id, cta, in_message, on_page, clicks, message_clicks)
                        VALUES (:receiptId, :tenantId, :cta, :inMessage, :onPage, 0, 0)
                        ON CONFLICT DO NOTHING
                        """)
                .param("receiptId", receiptId).param("tenantId", tenantId).param("cta", cta)
                .param("inMessage", inMessage).param("onPage", onPage).update();
    }

    void markShown(UUID receiptId, String cta, boolean inMessage, boolean onPage) {
        jdbc.sql("""
                        UPDATE receipt_cta SET in_message = in_message OR :inMessage, on_page = on_page OR :onPage
                        WHERE receipt_id = :receiptId AND cta = :cta AND (in_message <> (in_message OR :inMessage)
                              OR on_page <> (on_page OR :onPage))
                        """)
                .param("inMessage", inMessage).param("onPage", onPage).param("receiptId", receiptId)
                .param("cta", cta).update();
    }

    /** Counts a click; answers whether it was the first on this call to action. */
    boolean click(UUID receiptId, String cta, boolean fromMessage, Instant at) {
        return jdbc.sql("""
                        UPDATE receipt_cta SET clicks = clicks + 1,
                            message_clicks = message_clicks + CASE WHEN :fromMessage THEN 1 ELSE 0 END,
                            first_clicked_at = COALESCE(first_clicked_at, :at)
                        WHERE receipt_id = :receiptId AND cta = :cta
                        """)
                .param("fromMessage", fromMessage).param("at", Timestamps.of(at)).param("receiptId", receiptId)
                .param("cta", cta).update() == 1;
    }

    void coupon(UUID receiptId, String code, String url) {
        jdbc.sql("""
                        UPDATE receipt_cta SET coupon_code = :code, coupon_url = :url
                        WHERE receipt_id = :receiptId AND cta = 'reward'
                        """)
                .param("code", code).param("url", url).param("receiptId", receiptId).update();
    }

    List<Cta> ctas(UUID receiptId) {
        return jdbc.sql("""
                        SELECT cta, in_message, on_page, clicks, message_clicks, first_clicked_at, coupon_code, coupon_url
                        FROM receipt_cta WHERE receipt_id = :receiptId ORDER BY cta
                        """)
                .param("receiptId", receiptId)
                .query((rs, n) -> new Cta(rs.getString("cta"), rs.getBoolean("in_message"), rs.getBoolean("on_page"),
                        rs.getInt("clicks"), rs.getInt("message_clicks"), Timestamps.instant(rs, "first_clicked_at"),
                        rs.getString("coupon_code"), rs.getString("coupon_url")))
                .list();
    }

    private static Collection<String> orNone(Collection<String> values) {
        return values == null || values.isEmpty() ? List.of("") : values;
    }

    private static Receipt toRow(ResultSet rs, int n) throws SQLException {
        return new Receipt(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class), rs.getString("token"),
                rs.getString("transaction_id"), rs.getLong("event_seq"), rs.getObject("store_id", UUID.class),
                Timestamps.instant(rs, "occurred_at"), rs.getString("currency"), rs.getLong("total"),
                rs.getLong("refunded"), rs.getString("status"), Timestamps.instant(rs, "voided_at"),
                rs.getString("channel"), rs.getString("address"), rs.getString("email"), rs.getString("phone"),
                rs.getString("loyalty_id"), rs.getString("identifiers"), Timestamps.instant(rs, "consent_since"),
                rs.getString("delivery"), rs.getString("delivery_reason"), rs.getObject("message_id", UUID.class),
                rs.getInt("views"), Timestamps.instant(rs, "first_viewed_at"), Timestamps.instant(rs, "created_at"),
                Timestamps.instant(rs, "erased_at"));
    }

    private static Message toMessage(ResultSet rs, int n) throws SQLException {
        return new Message(rs.getObject("message_id", UUID.class), rs.getObject("receipt_id", UUID.class),
                rs.getString("channel"), rs.getBoolean("resend"), rs.getBoolean("marketing"), rs.getString("status"),
                rs.getString("reason"), Timestamps.instant(rs, "queued_at"), Timestamps.instant(rs, "sent_at"),
                Timestamps.instant(rs, "delivered_at"), Timestamps.instant(rs, "opened_at"),
                Timestamps.instant(rs, "clicked_at"), Timestamps.instant(rs, "failed_at"));
    }
}

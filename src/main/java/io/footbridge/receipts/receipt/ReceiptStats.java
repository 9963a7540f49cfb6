package io.footbridge.receipts.receipt;

import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * What receipts convert, for the sales of a period: how many were sent and reached people (per channel), how many
 * were opened and clicked, how many pages were viewed, and for each call to action how often it was shown and
 * followed. Rates are shares of what could happen: deliveries of the messages let through, opens and clicks of the
 * delivered, clicks of a call to action of the receipts that showed it.
 */
@Repository
class ReceiptStats {

    record Figures(Instant from, Instant to, String store, long receipts, long voided, long undeliverable,
                   long cancelled, Messages messages, List<Messages> byChannel, Page page, List<Cta> ctas) {
    }

    /**
     * @param messages every receipt message (first sends and resends); {@code blocked} by the consent gate;
     *                 {@code waiting} still queued; {@code openRate} only for email, where opens are seen
     */
    record Messages(String channel, long messages, long blocked, long waiting, long delivered, long opened,
                    long clicked, long failed, Double deliveryRate, Double openRate, Double clickRate) {
    }

    record Page(long viewed, long views, Double viewRate) {
    }

    record Cta(String cta, long shown, long shownInMessage, long shownOnPage, long clicked, long clicks,
               long clickedFromMessage, Double clickRate) {
    }

    private static final String WINDOW = """
             r.tenant_id = :tenantId AND r.occurred_at >= :from AND r.occurred_at < :to
             AND (:allStores OR r.store_id IN (:storeIds))
            """;

    private final JdbcClient jdbc;

    ReceiptStats(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @param storeIds null for every store */
    Figures of(UUID tenantId, Collection<UUID> storeIds, String store, Instant from, Instant to) {
        long[] receipts = new long[6];
        jdbc.sql("""
                        SELECT COUNT(*) AS receipts,
                               COALESCE(SUM(CASE WHEN r.status = 'void' THEN 1 ELSE 0 END), 0) AS voided,
                               COALESCE(SUM(CASE WHEN r.delivery = 'undeliverable' THEN 1 ELSE 0 END), 0) AS undeliverable,
                               COALESCE(SUM(CASE WHEN r.delivery = 'cancelled' THEN 1 ELSE 0 END), 0) AS cancelled,
                               COALESCE(SUM(CASE WHEN r.views > 0 THEN 1 ELSE 0 END), 0) AS viewed,
                               COALESCE(SUM(r.views), 0) AS views
                        FROM receipt r WHERE""" + WINDOW)
                .params(params(tenantId, storeIds, from, to))
                .query(rs -> {
                    for (int i = 0; i < receipts.length; i++) {
                        receipts[i] = rs.getLong(i + 1);
                    }
                });
        List<Messages> byChannel = new ArrayList<>();
        jdbc.sql("""
                        SELECT m.channel, COUNT(*) AS messages,
                               SUM(CASE WHEN m.status = 'blocked' THEN 1 ELSE 0 END) AS blocked,
                               SUM(CASE WHEN m.status = 'queued' THEN 1 ELSE 0 END) AS waiting,
                               SUM(CASE WHEN m.failed_at IS NULL AND (m.sent_at IS NOT NULL OR m.delivered_at IS NOT NULL
                                        OR m.opened_at IS NOT NULL OR m.clicked_at IS NOT NULL) THEN 1 ELSE 0 END)
                                   AS delivered,
                               SUM(CASE WHEN m.opened_at IS NOT NULL OR m.clicked_at IS NOT NULL THEN 1 ELSE 0 END)
                                   AS opened,
                               SUM(CASE WHEN m.clicked_at IS NOT NULL THEN 1 ELSE 0 END) AS clicked,
                               SUM(CASE WHEN m.failed_at IS NOT NULL THEN 1 ELSE 0 END) AS failed
                        FROM receipt_message m JOIN receipt r ON r.id = m.receipt_id
                        WHERE""" + WINDOW + " GROUP BY m.channel ORDER BY m.channel")
                .params(params(tenantId, storeIds, from, to))
                .query(rs -> {
                    String channel = rs.getString("channel");
                    byChannel.add(messages(channel, rs.getLong("messages"), rs.getLong("blocked"),
                            rs.getLong("waiting"), rs.getLong("delivered"), rs.getLong("opened"),
                            rs.getLong("clicked"), rs.getLong("failed"), channel.equals("email")));
                });
        long[] all = new long[7];
        Messages email = null;
        for (Messages m : byChannel) {
            all[0] += m.messages();
            all[1] += m.blocked();
            all[2] += m.waiting();
            all[3] += m.delivered();
            all[4] += m.opened();
            all[5] += m.clicked();
            all[6] += m.failed();
            email = m.channel().equals("email") ? m : email;
        }
        Messages total = messages(null, all[0], all[1], all[2], all[3], all[4], all[5], all[6], false);
        // opens are only seen in email, so the open rate of all is the email's
        total = new Messages(null, total.messages(), total.blocked(), total.waiting(), total.delivered(),
                total.opened(), total.clicked(), total.failed(), total.deliveryRate(),
                email == null ? null : email.openRate(), total.clickRate());
        List<Cta> ctas = new ArrayList<>();
        jdbc.sql("""
                        SELECT c.cta,
                               SUM(CASE WHEN c.in_message OR c.on_page THEN 1 ELSE 0 END) AS shown,
                               SUM(CASE WHEN c.in_message THEN 1 ELSE 0 END) AS in_message,
                               SUM(CASE WHEN c.on_page THEN 1 ELSE 0 END) AS on_page,
                               SUM(CASE WHEN c.clicks > 0 THEN 1 ELSE 0 END) AS clicked,
                               SUM(c.clicks) AS clicks,
                               SUM(CASE WHEN c.message_clicks > 0 THEN 1 ELSE 0 END) AS from_message
                        FROM receipt_cta c JOIN receipt r ON r.id = c.receipt_id
                        WHERE""" + WINDOW + " GROUP BY c.cta ORDER BY c.cta")
                .params(params(tenantId, storeIds, from, to))
                .query(rs -> {
                    long shown = rs.getLong("shown");
                    long clicked = rs.getLong("clicked");
                    ctas.add(new Cta(rs.getString("cta"), shown, rs.getLong("in_message"), rs.getLong("on_page"),
                            clicked, rs.getLong("clicks"), rs.getLong("from_message"), rate(clicked, shown)));
                });
        return new Figures(from, to, store, receipts[0], receipts[1], receipts[2], receipts[3], total, byChannel,
                new Page(receipts[4], receipts[5], rate(receipts[4], receipts[0] - receipts[1])), ctas);
    }

    private static Messages messages(String channel, long messages, long blocked, long waiting, long delivered,
                                     long opened, long clicked, long failed, boolean opensSeen) {
        return new Messages(channel, messages, blocked, waiting, delivered, opened, clicked, failed,
                rate(delivered, messages - blocked), opensSeen ? rate(opened, delivered) : null,
                rate(clicked, delivered));
    }

    private static java.util.Map<String, Object> params(UUID tenantId, Collection<UUID> storeIds, Instant from,
                                                        Instant to) {
        return java.util.Map.of("tenantId", tenantId, "from", Timestamps.of(from), "to", Timestamps.of(to),
                "allStores", storeIds == null,
                "storeIds", storeIds == null || storeIds.isEmpty() ? List.of(new UUID(0, 0)) : storeIds);
    }

    /** A share rounded to four places; null when nothing could happen. */
    static Double rate(long part, long whole) {
        return whole <= 0 ? null : Math.round(part * 10_000.0 / whole) / 10_000.0;
    }
}

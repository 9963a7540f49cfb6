package io.footbridge.audiences.campaign;

import io.footbridge.analytics.Comparison;
import io.footbridge.audiences.Campaigns;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a campaign did: its messages by status and channel, and purchases, redemptions and revenue in the days after
 * it was sent, for the recipients and the holdout, compared by the analytics comparison engine.
 */
@Component
class CampaignResults {

    /** How far along queued → sent → delivered → opened → clicked. */
    static final List<String> PROGRESS = List.of("queued", "sent", "delivered", "opened", "clicked");

    private final JdbcClient jdbc;

    CampaignResults(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Campaigns.Results of(Campaigns.Campaign campaign, UUID tenantId, int days, String currency) {
        UUID id = campaign.id();
        Instant from = campaign.sentAt() == null ? Instant.now() : campaign.sentAt();
        Campaigns.Outcome recipients = outcome(tenantId, id, false, from, Duration.ofDays(days), currency);
        Campaigns.Outcome holdout = outcome(tenantId, id, true, from, Duration.ofDays(days), currency);
        Map<String, Long> messages = statusCounts(id);
        return new Campaigns.Results(id, campaign.status(), messages, reached(messages), channels(id),
                blockedReasons(id), days, currency, recipients, holdout,
                lift(recipients, holdout, campaign.holdoutPercent()).orElse(null));
    }

    /** Messages that got at least as far as sent, delivered, opened, clicked (a later step implies the earlier). */
    static Map<String, Long> reached(Map<String, Long> messages) {
        Map<String, Long> reached = new LinkedHashMap<>();
        for (int step = 1; step < PROGRESS.size(); step++) {
            long n = 0;
            for (int later = step; later < PROGRESS.size(); later++) {
                n += messages.getOrDefault(PROGRESS.get(later), 0L);
            }
            reached.put(PROGRESS.get(step), n);
        }
        return reached;
    }

    Map<String, Long> statusCounts(UUID id) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("SELECT status, COUNT(*) AS n FROM campaign_recipient WHERE campaign_id = :id GROUP BY status"
                        + " ORDER BY status")
                .param("id", id).query((rs, row) -> counts.put(rs.getString("status"), rs.getLong("n"))).list();
        return counts;
    }

    private Map<String, Long> channels(UUID id) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT channel, COUNT(*) AS n FROM campaign_recipient
                        WHERE campaign_id = :id AND channel IS NOT NULL AND status <> 'blocked'
                        GROUP BY channel ORDER BY channel
                        """)
                .param("id", id).query((rs, row) -> counts.put(rs.getString("channel"), rs.getLong("n"))).list();
        return counts;
    }

    private Map<String, Long> blockedReasons(UUID id) {
        Map<String, Long> reasons = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT COALESCE(reason, 'unknown') AS reason, COUNT(*) AS n FROM campaign_recipient
                        WHERE campaign_id = :id AND status = 'blocked' GROUP BY reason ORDER BY reason
                        """)
                .param("id", id).query((rs, row) -> reasons.put(rs.getString("reason"), rs.getLong("n"))).list();
        return reasons;
    }

    private Campaigns.Outcome outcome(UUID tenantId, UUID campaignId, boolean holdout, Instant from,
                                      Duration window, String currency) {
        Map<UUID, long[]> per = new HashMap<>();
        jdbc.sql("""
                        SELECT r.person_id,
                               (SELECT COUNT(*) FROM segment_event e WHERE e.tenant_id = r.tenant_id
                                  AND e.person_id = r.person_id AND e.type = 'pos.purchase'
                                  AND e.occurred_at >= :from AND e.occurred_at < :to) AS purchases,
                               (SELECT COUNT(*) FROM segment_event e WHERE e.tenant_id = r.tenant_id
                                  AND e.person_id = r.person_id AND e.type = 'coupon.redeemed'
                                  AND e.occurred_at >= :from AND e.occurred_at < :to) AS redemptions,
                               (SELECT COALESCE(SUM(e.amount), 0) FROM segment_event e WHERE e.tenant_id = r.tenant_id
                                  AND e.person_id = r.person_id AND e.currency = :currency AND e.amount IS NOT NULL
                                  AND e.occurred_at >= :from AND e.occurred_at < :to) AS revenue
                        FROM campaign_recipient r
                        WHERE r.campaign_id = :campaignId AND r.tenant_id = :tenantId AND r.holdout = :holdout
                          AND r.status <> 'cancelled'
                        """)
                .param("from", Timestamps.of(from)).param("to", Timestamps.of(from.plus(window)))
                .param("currency", currency).param("campaignId", campaignId).param("tenantId", tenantId)
                .param("holdout", holdout)
                .query((rs, row) -> per.put(rs.getObject("person_id", UUID.class),
                        new long[]{rs.getLong("purchases"), rs.getLong("redemptions"), rs.getLong("revenue")}))
                .list();
        long buyers = 0;
        long redeemers = 0;
        long revenue = 0;
        double squares = 0;
        for (long[] p : per.values()) {
            buyers += p[0] > 0 ? 1 : 0;
            redeemers += p[1] > 0 ? 1 : 0;
            revenue += p[2];
            squares += (double) p[2] * p[2];
        }
        return new Campaigns.Outcome(per.size(), buyers, redeemers, revenue, squares);
    }

    /** The lift of the recipients over the holdout, when both groups have people. */
    static Optional<Comparison.Outcome> lift(Campaigns.Outcome recipients, Campaigns.Outcome holdout,
                                             int holdoutPercent) {
        if (recipients.members() == 0 || holdout.members() == 0) {
            return Optional.empty();
        }
        double share = holdoutPercent / 100.0;
        return Optional.of(Comparison.compare(List.of(
                new Comparison.Group("holdout", holdout.members(), holdout.buyers(), (double) holdout.revenue(),
                        holdout.revenueSquares(), share),
                new Comparison.Group("recipients", recipients.members(), recipients.buyers(),
                        (double) recipients.revenue(), recipients.revenueSquares(), 1 - share)), "holdout", false));
    }

    /** How far along a message is; a report that comes late moves nothing back. */
    void messageStatus(UUID messageId, String status) {
        Optional<String> now = jdbc.sql("SELECT status FROM campaign_recipient WHERE message_id = :id")
                .param("id", messageId).query(String.class).optional();
        if (now.isEmpty() || now.get().equals("blocked")) {
            return;
        }
        int was = PROGRESS.indexOf(now.get());
        int next = PROGRESS.indexOf(status);
        if (was >= 0 && next >= 0 && next <= was) {
            return;
        }
        jdbc.sql("UPDATE campaign_recipient SET status = :status WHERE message_id = :id")
                .param("status", status.length() > 16 ? status.substring(0, 16) : status).param("id", messageId)
                .update();
    }
}

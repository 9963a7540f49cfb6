package io.footbridge.audiences.campaign;

import io.footbridge.analytics.Comparison;
import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;
import io.footbridge.messaging.Messages;
import io.footbridge.offers.IssuedCoupon;
import io.footbridge.offers.Offers;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Timestamps;
import io.footbridge.audiences.Segments;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One-off sends to a segment. Sending draws the audience once (each member held out at random with the campaign's
 * share, recorded), issues each recipient's coupon and queues their message through messaging, whose consent gate
 * decides; a blocked message is counted with its reason. Every step is keyed by campaign and person, so a send that
 * stopped half-way (a node died) is finished by sending again: no one gets a second message, no one is lost.
 */
@Service
class Campaigns {

    static final Set<String> CHANNELS = Set.of("email", "sms", "whatsapp");
    private static final int PAGE = 500;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A campaign as kept; {@code status} draft, sending or sent. */
    record Campaign(UUID id, String name, UUID segmentId, String channel, String template, UUID offerId,
                    int holdoutPercent, Instant sendAt, String status, Instant createdAt, Instant sentAt) {
    }

    record Draft(String name, UUID segmentId, String channel, String template, UUID offerId, int holdoutPercent,
                 Instant sendAt) {
    }

    /** What a send did: recipients drawn, held out, queued and blocked. */
    record Sent(UUID campaignId, long recipients, long heldOut, long queued, long blocked) {
    }

    private final JdbcClient jdbc;
    private final Segments segments;
    private final Offers offers;
    private final Messages messages;
    private final AuditLog audit;
    private final TransactionTemplate transaction;

    Campaigns(JdbcClient jdbc, Segments segments, Offers offers, Messages messages, AuditLog audit,
              TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.segments = segments;
        this.offers = offers;
        this.messages = messages;
        this.audit = audit;
        this.transaction = transaction;
    }

    Campaign create(Actor actor, Draft draft) {
        List<FieldError> errors = new ArrayList<>();
        if (draft.name() == null || draft.name().isBlank() || draft.name().length() > 200) {
            errors.add(new FieldError("name", "is required, at most 200 characters"));
        }
        try {
            segments.get(actor, draft.segmentId());
        } catch (ProblemException e) {
            errors.add(new FieldError("segmentId", "is not a segment of this tenant"));
        }
        if (!CHANNELS.contains(draft.channel())) {
            errors.add(new FieldError("channel", "must be email, sms or whatsapp"));
        }
        if (draft.template() == null || !draft.template().matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            errors.add(new FieldError("template", "must be a template key such as winback"));
        }
        if (draft.offerId() != null && offers.find(actor.tenantId(), draft.offerId()).isEmpty()) {
            errors.add(new FieldError("offerId", "is not an offer of this tenant"));
        }
        if (draft.holdoutPercent() < 0 || draft.holdoutPercent() > 50) {
            errors.add(new FieldError("holdoutPercent", "must be 0 to 50"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        jdbc.sql("""
                        INSERT INTO campaign (id, tenant_id, name, segment_id, channel, template, offer_id,
                            holdout_percent, send_at, status, created_at)
                        VALUES (:id, :tenantId, :name, :segmentId, :channel, :template, :offerId, :holdout, :sendAt,
                            'draft', :now)
                        """)
                .param("id", id).param("tenantId", actor.tenantId()).param("name", draft.name().strip())
                .param("segmentId", draft.segmentId()).param("channel", draft.channel())
                .param("template", draft.template()).param("offerId", draft.offerId())
                .param("holdout", draft.holdoutPercent()).param("sendAt", Timestamps.of(draft.sendAt()))
                .param("now", Timestamps.of(now)).update();
        audit.record(actor, "campaign.created", "campaign", id, Map.of("name", draft.name()));
        return get(actor, id);
    }

    Campaign get(Actor actor, UUID id) {
        return find(actor.tenantId(), id).orElseThrow(() -> ProblemException.notFound("campaign", id));
    }

    List<Campaign> list(Actor actor) {
        return jdbc.sql("SELECT * FROM campaign WHERE tenant_id = :tenantId ORDER BY created_at DESC LIMIT 200")
                .param("tenantId", actor.tenantId()).query((rs, row) -> campaign(rs)).list();
    }

    /**
     * Draws the audience (once: a second send keeps the first draw) and queues each recipient's coupon and
     * message, a page at a time in transactions of their own.
     */
    Sent send(Actor actor, UUID id) {
        Campaign campaign = get(actor, id);
        if (campaign.sendAt() != null && campaign.sendAt().isAfter(Instant.now())) {
            throw ProblemException.conflict("campaign-scheduled", "The campaign is to be sent at "
                    + campaign.sendAt() + "; it cannot be sent before.");
        }
        jdbc.sql("UPDATE campaign SET status = 'sending' WHERE id = :id AND status = 'draft'").param("id", id)
                .update();
        UUID after = null;
        while (true) {
            List<UUID> page = segments.members(actor, campaign.segmentId(), after, PAGE);
            transaction.executeWithoutResult(status -> page.forEach(person -> recipient(actor, campaign, person)));
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1);
        }
        jdbc.sql("UPDATE campaign SET status = 'sent', sent_at = COALESCE(sent_at, :now) WHERE id = :id")
                .param("now", Timestamps.now()).param("id", id).update();
        audit.record(actor, "campaign.sent", "campaign", id, Map.of());
        Map<String, Long> counts = statusCounts(id);
        long recipients = counts.values().stream().mapToLong(Long::longValue).sum();
        return new Sent(id, recipients, counts.getOrDefault("held_out", 0L), recipients
                - counts.getOrDefault("held_out", 0L) - counts.getOrDefault("blocked", 0L),
                counts.getOrDefault("blocked", 0L));
    }

    private void recipient(Actor actor, Campaign campaign, UUID person) {
        boolean drawn = jdbc.sql("SELECT COUNT(*) FROM campaign_recipient WHERE campaign_id = :c AND person_id = :p")
                .param("c", campaign.id()).param("p", person).query(Long.class).single() > 0;
        if (drawn) {
            return;
        }
        boolean holdout = RANDOM.nextInt(100) < campaign.holdoutPercent();
        String status = holdout ? "held_out" : "queued";
        String reason = null;
        UUID messageId = null;
        UUID couponId = null;
        if (!holdout) {
            String key = "campaign:" + campaign.id() + ":" + person;
            Map<String, Object> variables = new LinkedHashMap<>();
            if (campaign.offerId() != null) {
                IssuedCoupon coupon = offers.issue(actor.tenantId(), campaign.offerId(), person, campaign.channel(),
                        "campaign:" + campaign.id(), key);
                couponId = coupon.couponId();
                variables.put("code", coupon.displayCode());
                variables.put("couponUrl", coupon.pageUrl());
                variables.put("offer", coupon.offerName());
                variables.put("discount", coupon.discount());
            }
            Messages.Queued queued = messages.send(new Messages.Outgoing(actor.tenantId(), person,
                    Channel.of(campaign.channel()).orElseThrow(), Purpose.MARKETING, null, campaign.template(), null,
                    variables, key, null, "campaign"));
            messageId = queued.messageId();
            if (queued.blocked()) {
                status = "blocked";
                reason = queued.reason();
            }
        }
        jdbc.sql("""
                        INSERT INTO campaign_recipient (campaign_id, tenant_id, person_id, holdout, status, reason,
                            message_id, coupon_id, drawn_at)
                        VALUES (:c, :tenantId, :p, :holdout, :status, :reason, :messageId, :couponId, :now)
                        """)
                .param("c", campaign.id()).param("tenantId", actor.tenantId()).param("p", person)
                .param("holdout", holdout).param("status", status)
                .param("reason", reason == null ? null : reason.length() > 200 ? reason.substring(0, 200) : reason)
                .param("messageId", messageId).param("couponId", couponId).param("now", Timestamps.now()).update();
    }

    /** How far along queued → sent → delivered → opened → clicked; a report that comes late moves nothing back. */
    private static final Map<String, Integer> PROGRESS = Map.of("queued", 0, "sent", 1, "delivered", 2, "opened", 3,
            "clicked", 4);

    void messageStatus(UUID messageId, String status) {
        Optional<String> now = jdbc.sql("SELECT status FROM campaign_recipient WHERE message_id = :id")
                .param("id", messageId).query(String.class).optional();
        if (now.isEmpty() || now.get().equals("blocked")) {
            return;
        }
        Integer was = PROGRESS.get(now.get());
        Integer next = PROGRESS.get(status);
        if (was != null && next != null && next <= was) {
            return;
        }
        jdbc.sql("UPDATE campaign_recipient SET status = :status WHERE message_id = :id")
                .param("status", status.length() > 16 ? status.substring(0, 16) : status).param("id", messageId)
                .update();
    }

    Map<String, Long> statusCounts(UUID id) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("SELECT status, COUNT(*) AS n FROM campaign_recipient WHERE campaign_id = :id GROUP BY status"
                        + " ORDER BY status")
                .param("id", id).query((rs, row) -> counts.put(rs.getString("status"), rs.getLong("n"))).list();
        return counts;
    }

    Map<String, Long> blockedReasons(UUID id) {
        Map<String, Long> reasons = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT COALESCE(reason, 'unknown') AS reason, COUNT(*) AS n FROM campaign_recipient
                        WHERE campaign_id = :id AND status = 'blocked' GROUP BY reason ORDER BY reason
                        """)
                .param("id", id).query((rs, row) -> reasons.put(rs.getString("reason"), rs.getLong("n"))).list();
        return reasons;
    }

    /** One group's outcome in the days after the send: buyers, redeemers, revenue (and its squares) per person. */
    record Outcome(long members, long buyers, long redeemers, long revenue, double revenueSquares) {
    }

    Outcome outcome(UUID tenantId, UUID campaignId, boolean holdout, Instant from, Duration window,
                    String currency) {
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
        return new Outcome(per.size(), buyers, redeemers, revenue, squares);
    }

    /** The lift of the recipients over the holdout, when both groups have people. */
    static Optional<Comparison.Outcome> lift(Outcome recipients, Outcome holdout, int holdoutPercent) {
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

    private Optional<Campaign> find(UUID tenantId, UUID id) {
        return jdbc.sql("SELECT * FROM campaign WHERE tenant_id = :tenantId AND id = :id")
                .param("tenantId", tenantId).param("id", id).query((rs, row) -> campaign(rs)).optional();
    }

    private static Campaign campaign(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Campaign(rs.getObject("id", UUID.class), rs.getString("name"),
                rs.getObject("segment_id", UUID.class), rs.getString("channel"), rs.getString("template"),
                rs.getObject("offer_id", UUID.class), rs.getInt("holdout_percent"), Timestamps.instant(rs, "send_at"),
                rs.getString("status"), Timestamps.instant(rs, "created_at"), Timestamps.instant(rs, "sent_at"));
    }
}

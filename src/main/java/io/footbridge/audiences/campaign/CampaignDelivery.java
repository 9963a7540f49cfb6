package io.footbridge.audiences.campaign;

import io.footbridge.consent.Channel;
import io.footbridge.consent.ConsentGate;
import io.footbridge.consent.Purpose;
import io.footbridge.messaging.Messages;
import io.footbridge.offers.IssuedCoupon;
import io.footbridge.offers.Offers;
import io.footbridge.platform.BackgroundWork;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Timestamps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Hands a campaign's drawn recipients to messaging, each in a transaction of its own: the first of the campaign's
 * channels that the consent gate allows now and the person has an address for, their coupon issued in the same
 * step. Keyed by campaign and person, so a recipient handled twice (two nodes, a retry) gets one message. A throttled
 * campaign gets at most its messages per minute; the rest wait as pending for the next turn of the background task,
 * which also carries on sends that were interrupted or resumed.
 */
@Component
class CampaignDelivery {

    private static final Logger log = LoggerFactory.getLogger(CampaignDelivery.class);
    static final int PAGE = 200;
    private static final Duration TURN = Duration.ofSeconds(2);
    private static final Duration RETRY = Duration.ofMinutes(1);

    /** A campaign as delivery needs it. */
    record Plan(UUID id, UUID tenantId, List<String> channels, String template, UUID offerId, Integer throttle) {
    }

    private final JdbcClient jdbc;
    private final Offers offers;
    private final Messages messages;
    private final ConsentGate gate;
    private final TransactionTemplate transaction;
    private final BackgroundWork.Recurring task;

    CampaignDelivery(JdbcClient jdbc, Offers offers, Messages messages, ConsentGate gate,
                     TransactionTemplate transaction, BackgroundWork background) {
        this.jdbc = jdbc;
        this.offers = offers;
        this.messages = messages;
        this.gate = gate;
        this.transaction = transaction;
        this.task = background.recurring("campaign-delivery", TURN, this::deliverSending);
    }

    /** Lets the background task take a campaign up now (a throttled send started, a campaign resumed). */
    void wake() {
        task.wake();
    }

    /**
     * Takes the sending campaigns a page each in turn, so that a large one does not hold up the others; one whose
     * page fails is left for the next turn while the rest go on (its recipients stay pending).
     */
    void deliverSending() {
        // the list is read again each round, so a campaign started meanwhile joins in rather than waiting
        Set<UUID> done = new HashSet<>();
        while (true) {
            List<UUID> going = jdbc.sql("SELECT id FROM campaign WHERE status = 'sending' ORDER BY created_at")
                    .query(UUID.class).list().stream().filter(id -> !done.contains(id)).toList();
            if (going.isEmpty()) {
                return;
            }
            for (UUID campaignId : going) {
                try {
                    if (!deliverPage(campaignId)) {
                        done.add(campaignId);
                    }
                } catch (RuntimeException e) {
                    log.warn("Campaign {} could not be delivered this turn: {}", campaignId,
                            e.getClass().getName());
                    done.add(campaignId);
                }
            }
        }
    }

    /**
     * Delivers what the throttle allows now, page by page, while the campaign is sending (a pause or cancel stops it
     * between pages); marks it sent when nobody is pending.
     */
    void deliver(UUID campaignId) {
        while (deliverPage(campaignId)) {
            // the next page
        }
    }

    /** Delivers one page of due recipients; false when there is nothing more to do now. */
    private boolean deliverPage(UUID campaignId) {
        Plan plan = plan(campaignId);
        if (plan == null) {
            return false;
        }
        int allowance = plan.throttle() == null ? PAGE : (int) Math.min(PAGE, plan.throttle()
                - handledSince(campaignId, Instant.now().minus(Duration.ofMinutes(1))));
        if (allowance <= 0) {
            return false;
        }
        List<UUID> page = jdbc.sql("""
                        SELECT person_id FROM campaign_recipient WHERE campaign_id = :id AND status = 'pending'
                            AND (due_at IS NULL OR due_at <= :now)
                        ORDER BY person_id LIMIT :limit
                        """)
                .param("id", campaignId).param("now", Timestamps.now()).param("limit", allowance)
                .query(UUID.class).list();
        if (page.isEmpty()) {
            // recipients whose local time has not come yet (another store's zone) keep the campaign sending
            jdbc.sql("UPDATE campaign SET status = 'sent' WHERE id = :id AND status = 'sending'"
                            + " AND drawn_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM campaign_recipient"
                            + " WHERE campaign_id = :id AND status = 'pending')")
                    .param("id", campaignId).update();
            return false;
        }
        for (UUID person : page) {
            try {
                deliver(plan, person);
            } catch (RuntimeException e) {
                // one recipient that fails is tried again a minute later; the rest of the campaign goes on
                log.warn("Campaign {}: a recipient could not be delivered, tried again in a minute: {}", campaignId,
                        e.getClass().getName());
                jdbc.sql("UPDATE campaign_recipient SET due_at = :later WHERE campaign_id = :id AND person_id = :p"
                                + " AND status = 'pending'")
                        .param("later", Timestamps.of(Instant.now().plus(RETRY))).param("id", campaignId)
                        .param("p", person).update();
            }
        }
        long left = jdbc.sql("SELECT COUNT(*) FROM campaign_recipient WHERE campaign_id = :id AND status = 'pending'"
                        + " AND person_id IN (:page)")
                .param("id", campaignId).param("page", page).query(Long.class).single();
        if (left == page.size()) {
            // nobody on the page moved on: going round again would spin on the same page for ever
            log.warn("Campaign {} made no progress on a page of {} recipients", campaignId, page.size());
            return false;
        }
        return true;
    }

    private Plan plan(UUID campaignId) {
        return jdbc.sql("""
                        SELECT id, tenant_id, channel, fallback, template, offer_id, throttle_per_minute
                        FROM campaign WHERE id = :id AND status = 'sending'
                        """)
                .param("id", campaignId)
                .query((rs, row) -> {
                    List<String> channels = new ArrayList<>(List.of(rs.getString("channel")));
                    String fallback = rs.getString("fallback");
                    if (fallback != null && !fallback.isBlank()) {
                        channels.addAll(Arrays.asList(fallback.split(",")));
                    }
                    int perMinute = rs.getInt("throttle_per_minute");
                    Integer throttle = rs.wasNull() ? null : perMinute;
                    return new Plan(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                            List.copyOf(channels), rs.getString("template"), rs.getObject("offer_id", UUID.class),
                            throttle);
                })
                .optional().orElse(null);
    }

    private long handledSince(UUID campaignId, Instant since) {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM campaign_recipient
                        WHERE campaign_id = :id AND status <> 'pending' AND holdout = FALSE AND handled_at >= :since
                        """)
                .param("id", campaignId).param("since", Timestamps.of(since)).query(Long.class).single();
    }

    /**
     * Tries the channels in order: one the gate refuses for this person now, or that they have no address for, is
     * passed over for the next; when none is left the recipient is counted as blocked with the first channel's reason.
     */
    void deliver(Plan plan, UUID person) {
        String firstReason = null;
        for (String channel : plan.channels()) {
            Channel ch = Channel.of(channel).orElseThrow();
            ConsentGate.Decision decision = gate.check(new ConsentGate.Ask(plan.tenantId(), person, ch,
                    Purpose.MARKETING, null, null, Instant.now()));
            // quiet hours hold a message rather than refuse it: messaging sends it when they end
            if (!decision.allowed() && decision.reason() != ConsentGate.Reason.QUIET_HOURS) {
                firstReason = firstReason == null ? decision.reason().value() : firstReason;
                continue;
            }
            try {
                transaction.executeWithoutResult(status -> send(plan, person, channel));
                return;
            } catch (ProblemException e) {
                // no address for this channel (or one that cannot take it): the next channel may reach them
                firstReason = firstReason == null ? reason(e) : firstReason;
            } catch (Taken e) {
                return;
            }
        }
        String reason = firstReason == null ? "no channel" : firstReason;
        transaction.executeWithoutResult(status -> handled(plan.id(), person, "blocked", reason, null, null,
                null));
    }

    private void send(Plan plan, UUID person, String channel) {
        String key = "campaign:" + plan.id() + ":" + person;
        Map<String, Object> variables = new LinkedHashMap<>();
        UUID couponId = null;
        if (plan.offerId() != null) {
            IssuedCoupon coupon = offers.issue(plan.tenantId(), plan.offerId(), person, channel,
                    "campaign:" + plan.id(), key);
            couponId = coupon.couponId();
            variables.put("code", coupon.displayCode());
            variables.put("couponUrl", coupon.pageUrl());
            variables.put("offer", coupon.offerName());
            variables.put("discount", coupon.discount());
        }
        Messages.Queued queued = messages.send(new Messages.Outgoing(plan.tenantId(), person,
                Channel.of(channel).orElseThrow(), Purpose.MARKETING, null, plan.template(), null, variables, key,
                null, "campaign"));
        String reason = queued.blocked() && queued.reason() != null ? code(queued.reason()) : null;
        if (!handled(plan.id(), person, queued.blocked() ? "blocked" : "queued", reason, queued.messageId(),
                couponId, channel)) {
            throw new Taken();
        }
    }

    /** Records what became of a pending recipient; false when it was no longer pending (cancelled, or done). */
    private boolean handled(UUID campaignId, UUID person, String status, String reason, UUID messageId,
                            UUID couponId, String channel) {
        return jdbc.sql("""
                        UPDATE campaign_recipient SET status = :status, reason = :reason, message_id = :messageId,
                            coupon_id = :couponId, channel = :channel, handled_at = :now
                        WHERE campaign_id = :c AND person_id = :p AND status = 'pending'
                        """)
                .param("status", status).param("reason", reason).param("messageId", messageId)
                .param("couponId", couponId).param("channel", channel).param("now", Timestamps.now())
                .param("c", campaignId).param("p", person).update() == 1;
    }

    /** The gate's reasons read "no_consent: no email …": counted by their code, not their wording. */
    private static String code(String reason) {
        int colon = reason.indexOf(':');
        String code = colon > 0 ? reason.substring(0, colon) : reason;
        return code.length() > 200 ? code.substring(0, 200) : code;
    }

    private static String reason(ProblemException e) {
        for (FieldError error : e.errors()) {
            if (error.field().equals("to")) {
                return "no_address";
            }
        }
        return code(e.getMessage() == null ? "not_sendable" : e.getMessage());
    }

    /** The recipient was handled elsewhere or the campaign cancelled meanwhile: roll this one back. */
    private static final class Taken extends RuntimeException {
        Taken() {
            super(null, null, false, false);
        }
    }
}

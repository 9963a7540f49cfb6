package io.footbridge.audiences;

import io.footbridge.analytics.Comparison;
import io.footbridge.platform.Actor;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One-off sends to a segment, for the API and the console: a campaign is created (checked: the segment, the
 * template on each channel with the variables the campaign supplies, the offer), sent now or at its time, paused,
 * resumed or cancelled while it sends, and read back with its results against the holdout. Problems come as
 * {@link io.footbridge.platform.ProblemException}s naming the field.
 */
public interface Campaigns {

    /** The channels a campaign may send by. */
    List<String> CHANNELS = List.of("email", "sms", "whatsapp", "push");

    /** What a campaign can be: draft, scheduled, sending, paused, sent, cancelled. */
    List<String> STATUSES = List.of("draft", "scheduled", "sending", "paused", "sent", "cancelled");

    /**
     * @param channel           the channel tried first
     * @param fallback          the channels tried next, in order, for someone the first cannot reach (no consent at
     *                          send time, no address)
     * @param throttlePerMinute at most this many messages a minute; null: as fast as they can be queued
     * @param stores            the store codes the audience is limited to (by preferred store); empty: everyone
     * @param sendAtLocal       the wall-clock time each recipient gets it at in their store's zone; {@code sendAt}
     *                          is then the earliest of those instants, when the audience is drawn
     * @param sendAtZone        whose clock {@code sendAtLocal} is read on: {@code store} (the recipient's
     *                          preferred store's zone) or {@code person} (the zone the profile gives, else the
     *                          store's); null without a local time
     */
    record Campaign(UUID id, String name, UUID segmentId, String channel, List<String> fallback, String template,
                    UUID offerId, int holdoutPercent, Integer throttlePerMinute, Instant sendAt, String status,
                    Instant createdAt, Instant sentAt, List<String> stores, LocalDateTime sendAtLocal,
                    String sendAtZone) {
    }

    /** Whose clock a campaign's local time is read on. */
    List<String> SEND_AT_ZONES = List.of("store", "person");

    /**
     * With either {@code sendAt} (one instant, still ahead) or {@code sendAtLocal} (each recipient's wall clock,
     * read in {@code sendAtZone}: store when null), or neither.
     */
    record Draft(String name, UUID segmentId, String channel, List<String> fallback, String template, UUID offerId,
                 int holdoutPercent, Integer throttlePerMinute, Instant sendAt, List<String> stores,
                 LocalDateTime sendAtLocal, String sendAtZone) {

        public Draft(String name, UUID segmentId, String channel, List<String> fallback, String template,
                     UUID offerId, int holdoutPercent, Integer throttlePerMinute, Instant sendAt) {
            this(name, segmentId, channel, fallback, template, offerId, holdoutPercent, throttlePerMinute, sendAt,
                    List.of(), null, null);
        }

        public Draft(String name, UUID segmentId, String channel, List<String> fallback, String template,
                     UUID offerId, int holdoutPercent, Integer throttlePerMinute, Instant sendAt,
                     List<String> stores, LocalDateTime sendAtLocal) {
            this(name, segmentId, channel, fallback, template, offerId, holdoutPercent, throttlePerMinute, sendAt,
                    stores, sendAtLocal, null);
        }
    }

    /** Recipients drawn, held out, queued, blocked by the gate, and still waiting (throttled or paused). */
    record Sent(UUID campaignId, long recipients, long heldOut, long queued, long blocked, long pending) {
    }

    /** One group's outcome in the days after the send: buyers, redeemers, revenue (and its squares) per person. */
    record Outcome(long members, long buyers, long redeemers, long revenue, double revenueSquares) {
    }

    /**
     * @param messages  recipients by status: held_out, pending, queued, sent, delivered, opened, clicked, failed,
     *                  blocked, cancelled
     * @param reached   how many messages got at least this far: sent, delivered, opened, clicked
     * @param channels  messages by the channel they went by (after fallback)
     * @param blocked   blocked messages by the gate's reason
     * @param days      the window after the send that purchases and redemptions are counted in
     * @param lift      recipients against the holdout (absent while either group is empty)
     */
    record Results(UUID campaignId, String status, Map<String, Long> messages, Map<String, Long> reached,
                   Map<String, Long> channels, Map<String, Long> blocked, int days, String currency,
                   Outcome recipients, Outcome holdout, Comparison.Outcome lift) {
    }

    /**
     * A person in a campaign, for their timeline: held out or not, what became of their message and by which
     * channel, when they were drawn.
     */
    record Recipient(UUID campaignId, String campaignName, boolean holdout, String status, String channel,
                     String reason, Instant drawnAt) {
    }

    List<Campaign> list(Actor actor);

    /** The people drawn into one group (held out or not), in id order after {@code after} (null: from the start). */
    List<UUID> recipients(Actor actor, UUID id, boolean holdout, UUID after, int limit);

    /** The campaigns a person was drawn for, newest first. */
    List<Recipient> of(Actor actor, UUID personId, int limit);

    Campaign get(Actor actor, UUID id);

    Campaign create(Actor actor, Draft draft);

    /**
     * Draws the audience (once) and delivers; without a throttle before answering, else in the background.
     * Sending again finishes an interrupted send and sends nobody twice.
     */
    Sent send(Actor actor, UUID id);

    /**
     * As {@link #send(Actor, UUID)}, recorded as sent at {@code at} so that the results count from then: for
     * in-process writers that build a history, such as the demo chain. The messages go out now.
     */
    Sent send(Actor actor, UUID id, Instant at);

    /** Stops handing messages over until resumed; those already queued still go. */
    Campaign pause(Actor actor, UUID id);

    Campaign resume(Actor actor, UUID id);

    /** Ends the campaign: nobody still waiting gets a message; a scheduled one never starts. */
    Campaign cancel(Actor actor, UUID id);

    Results results(Actor actor, UUID id, int days, String currency);
}

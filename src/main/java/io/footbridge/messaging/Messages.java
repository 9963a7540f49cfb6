package io.footbridge.messaging;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;

import java.util.Map;
import java.util.UUID;

/**
 * Sends a message from a template. The message is queued in the caller's transaction and goes out after it
 * commits; a message the consent gate refuses is kept as {@code blocked} with the reason, never sent.
 */
public interface Messages {

    /**
     * @param profileId      the person, when known; with no {@code to}, their address for the channel is used
     * @param to             the address (an email, a phone number; normalised here), or null to use the person's
     * @param template       the template key, e.g. {@code receipt} or {@code consent.confirm}
     * @param language       the template language wanted; the brand's when null
     * @param variables      what the template refers to; values are escaped in HTML
     * @param idempotencyKey the same key queues one message only: a retry answers with the first one
     * @param storeId        the store the message is about, for quiet hours on its clock and the sender
     * @param origin         what sent it: api, receipt, journey, consent, inbox …
     * @param acknowledges   only for the confirmation of an opt-out keyword: the origin key of the ledger withdrawal
     *                       it confirms, which lets it past the gate (see {@link io.footbridge.consent.ConsentGate.Ask})
     */
    record Outgoing(UUID tenantId, UUID profileId, Channel channel, Purpose purpose, String to, String template,
                    String language, Map<String, ?> variables, String idempotencyKey, UUID storeId, String origin,
                    String acknowledges) {

        public Outgoing(UUID tenantId, UUID profileId, Channel channel, Purpose purpose, String to, String template,
                        String language, Map<String, ?> variables, String idempotencyKey, UUID storeId,
                        String origin) {
            this(tenantId, profileId, channel, purpose, to, template, language, variables, idempotencyKey, storeId,
                    origin, null);
        }
    }

    /**
     * @param status    queued, blocked (the gate said no: see {@code reason}), or where a duplicate's first copy is
     * @param duplicate true when the idempotency key was used before and nothing new was queued
     */
    record Queued(UUID messageId, String status, String reason, boolean duplicate) {

        public boolean blocked() {
            return "blocked".equals(status);
        }
    }

    /**
     * Queues the message. Throws {@link io.footbridge.platform.ProblemException} for what the caller got wrong: an
     * unknown template, a missing variable, an address that cannot receive the channel.
     */
    Queued send(Outgoing message);

    /**
     * How many of the tenant's messages are queued and not yet taken up for sending, including those waiting for
     * their due time (quiet hours, retries).
     */
    long queued(UUID tenantId);
}

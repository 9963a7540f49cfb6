package io.footbridge.messaging.outbound;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;

import java.time.Instant;
import java.util.UUID;

/**
 * A message as stored: where it goes, what it says, and how far it got.
 *
 * @param acknowledges the ledger withdrawal this message confirms (the reply to STOP), else null
 */
public record Message(UUID id, UUID tenantId, UUID profileId, Channel channel, Purpose purpose, String to,
                      String template, String language, String subject, String text, String html,
                      String whatsappJson, String unsubscribeUrl, String status, String reason, int attempts,
                      Instant dueAt, String provider, String providerId, String track, String idempotencyKey,
                      UUID storeId, String origin, Instant createdAt, Instant sentAt, Instant deliveredAt,
                      Instant openedAt, Instant clickedAt, Instant updatedAt, String acknowledges) {

    public static final String QUEUED = "queued";
    public static final String SENDING = "sending";
    public static final String SENT = "sent";
    public static final String DELIVERED = "delivered";
    public static final String OPENED = "opened";
    public static final String CLICKED = "clicked";
    public static final String FAILED = "failed";
    public static final String BOUNCED = "bounced";
    public static final String COMPLAINED = "complained";
    public static final String BLOCKED = "blocked";
    /** Claimed but never reported back (the node stopped mid-send): it may have gone out, so it is not sent again. */
    public static final String UNKNOWN = "unknown";
}

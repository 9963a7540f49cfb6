package io.footbridge.messaging;

import java.util.UUID;

/**
 * A message moved on: sent, delivered, opened, clicked, failed, bounced or complained. Published once per status a
 * message reaches, for modules that measure what messages do (a receipt's opens, an offer's clicks).
 */
public record MessageStatusChanged(UUID tenantId, UUID messageId, String origin, String status) {
}

package io.footbridge.messaging.channel;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;

import java.util.List;
import java.util.UUID;

/**
 * A message ready to hand to a provider: who it goes to and from, the content as rendered, and what the provider
 * needs besides (the unsubscribe link for email headers, WhatsApp's approved template and its parameters).
 *
 * @param unsubscribeUrl for marketing email: the RFC 8058 one-click URL; null otherwise
 */
public record Envelope(UUID messageId, UUID tenantId, Channel channel, Purpose purpose, String to, String from,
                       String fromName, String replyTo, String subject, String html, String text,
                       String unsubscribeUrl, String whatsappName, String whatsappLanguage,
                       List<String> whatsappParameters) {
}

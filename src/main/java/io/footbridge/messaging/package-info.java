/**
 * Messaging: the channels that carry Footbridge's messages (email over SMTP, SMS, WhatsApp, and a development
 * outbox when no provider is set up), tenant templates with the brand kit, asynchronous sending with retries that
 * never sends a message twice, delivery status from providers, tracked links, and inbound replies. Every message
 * passes {@link io.footbridge.consent.ConsentGate} when it is queued and again when it goes out. Other modules send
 * through {@link io.footbridge.messaging.Messages}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Messaging",
        allowedDependencies = {"platform", "capture", "consent", "hosted", "identity", "bench"})
package io.footbridge.messaging;

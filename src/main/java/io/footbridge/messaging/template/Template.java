package io.footbridge.messaging.template;

import io.footbridge.consent.Channel;

import java.time.Instant;
import java.util.List;

/**
 * A message as written once and sent many times: Mustache placeholders ({@code {{name}}}) in the subject and bodies.
 * Email has a subject, an HTML body and optionally a plain-text one (derived from the HTML when left out); SMS has
 * a text; WhatsApp has a text for the 24-hour service window and, for outside it, the name, language and
 * parameters of a template approved by WhatsApp.
 */
public record Template(String key, Channel channel, String language, String subject, String html, String text,
                       String whatsappName, String whatsappLanguage, List<String> whatsappParameters,
                       boolean builtIn, Instant updatedAt) {
}

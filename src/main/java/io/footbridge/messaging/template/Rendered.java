package io.footbridge.messaging.template;

import java.util.List;

/** A template with the variables filled in, as the channel will carry it. */
public record Rendered(String language, String subject, String html, String text, String whatsappName,
                       String whatsappLanguage, List<String> whatsappParameters) {
}

package io.footbridge.messaging;

import io.footbridge.platform.Actor;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Message templates and the messages sent, for the console: the tenant's templates and the built-in ones, writing
 * one with the same checks as {@code /api/v1/message-templates}, a preview of a draft as it would be sent (the
 * brand's layout, the footer of its purpose), and the messages sent, newest first. Problems come as
 * {@link io.footbridge.platform.ProblemException}s naming the part (subject, html, text, a missing variable).
 */
public interface MessageTemplates {

    /** The channels templates are written for. */
    List<String> CHANNELS = List.of("email", "sms", "whatsapp", "push");

    /** @param builtIn shipped with Footbridge; saving it writes the tenant's own version over it */
    record Template(String key, String channel, String language, String subject, String html, String text,
                    boolean builtIn, Instant updatedAt) {
    }

    record Draft(String subject, String html, String text) {
    }

    /** The draft as it would go out: for email the whole HTML in the brand's layout, else the text. */
    record Preview(String language, String subject, String html, String text) {
    }

    /** A message as the list shows it; {@code to} is the address it went to. */
    record Sent(UUID id, String channel, String to, String template, String purpose, String status, String reason,
                String origin, Instant createdAt, Instant sentAt, Instant deliveredAt, Instant openedAt,
                Instant clickedAt) {
    }

    /** The tenant's templates, then the built-in ones, each by key, channel and language. */
    List<Template> list(Actor actor);

    /** The tenant's template for exactly this key, channel and language, else the built-in one. */
    Template get(Actor actor, String key, String channel, String language);

    Template save(Actor actor, String key, String channel, String language, Draft draft);

    /**
     * @param marketing with the marketing footer (preferences, unsubscribe) as a campaign would have it
     */
    Preview preview(Actor actor, String key, String channel, String language, Draft draft,
                    Map<String, Object> variables, boolean marketing);

    /** Messages newest first, those created before {@code before} (null: from now); {@code status} null for all. */
    List<Sent> sent(Actor actor, String status, Instant before, int limit);
}

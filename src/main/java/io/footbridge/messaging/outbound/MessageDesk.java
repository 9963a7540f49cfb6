package io.footbridge.messaging.outbound;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;
import io.footbridge.messaging.MessageTemplates;
import io.footbridge.messaging.template.TemplateEditor;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The console's way to templates and sent messages, through the same editor and composer as the API. */
@Service
class MessageDesk implements MessageTemplates {

    private static final Instant END_OF_TIME = Instant.parse("9999-12-31T00:00:00Z");
    private static final Set<String> STATUSES = Set.of("queued", "sending", "sent", "delivered", "opened", "clicked",
            "failed", "bounced", "complained", "blocked", "unknown");

    private final TemplateEditor editor;
    private final MessageService messages;
    private final MessageRepository repository;

    MessageDesk(TemplateEditor editor, MessageService messages, MessageRepository repository) {
        this.editor = editor;
        this.messages = messages;
        this.repository = repository;
    }

    @Override
    public List<MessageTemplates.Template> list(Actor actor) {
        return editor.all(actor.tenantId()).stream().map(MessageDesk::template).toList();
    }

    @Override
    public MessageTemplates.Template get(Actor actor, String key, String channel, String language) {
        return editor.exact(actor.tenantId(), key, TemplateEditor.channel(channel), language)
                .map(MessageDesk::template)
                .orElseThrow(() -> ProblemException.notFound("template", key + "/" + channel + "/" + language));
    }

    @Override
    public MessageTemplates.Template save(Actor actor, String key, String channel, String language, Draft draft) {
        Channel ch = TemplateEditor.channel(channel);
        // an approved WhatsApp template written through the API stays: the console edits the texts only
        TemplateEditor.Whatsapp whatsapp = editor.exact(actor.tenantId(), key, ch, language)
                .filter(t -> t.whatsappName() != null)
                .map(t -> new TemplateEditor.Whatsapp(t.whatsappName(), t.whatsappLanguage(), t.whatsappParameters()))
                .orElse(null);
        return template(editor.save(actor, key, channel, language, blankToNull(draft.subject()),
                blankToNull(draft.html()), blankToNull(draft.text()), whatsapp));
    }

    @Override
    public Preview preview(Actor actor, String key, String channel, String language, Draft draft,
                           Map<String, Object> variables, boolean marketing) {
        Channel ch = TemplateEditor.channel(channel);
        String subject = blankToNull(draft.subject());
        String html = blankToNull(draft.html());
        String text = blankToNull(draft.text());
        if (ch == Channel.EMAIL && html == null && text != null) {
            html = "<p style=\"white-space:pre-line\">" + org.jsoup.nodes.Entities.escape(text) + "</p>";
        }
        if (ch == Channel.EMAIL ? html == null : text == null) {
            throw ProblemException.invalid(ch == Channel.EMAIL ? "html" : "text", "is empty: nothing to show");
        }
        io.footbridge.messaging.template.Template draftTemplate = new io.footbridge.messaging.template.Template(key, ch, language, subject, html, text, null, null, null, false,
                Instant.now());
        MessageService.Content content = messages.compose(actor.tenantId(), UUID.randomUUID(), null, ch,
                marketing ? Purpose.MARKETING : Purpose.SERVICE, null, draftTemplate, variables, true);
        return new Preview(content.language(), content.subject(), content.html(), content.text());
    }

    @Override
    public List<Sent> sent(Actor actor, String status, Instant before, int limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.invalid("status", "is not a message status");
        }
        if (!actor.allStores()) {
            throw ProblemException.forbidden("The list of messages spans every store: it needs tenant-wide"
                    + " credentials.");
        }
        return repository.list(actor.tenantId(), null, status, null, null, before == null ? END_OF_TIME : before,
                limit).stream().map(m -> new Sent(m.id(), m.channel().name().toLowerCase(java.util.Locale.ROOT),
                m.to(), m.template(), m.purpose().name().toLowerCase(java.util.Locale.ROOT), m.status(), m.reason(),
                m.origin(), m.createdAt(), m.sentAt(), m.deliveredAt(), m.openedAt(), m.clickedAt())).toList();
    }

    private static MessageTemplates.Template template(io.footbridge.messaging.template.Template t) {
        return new MessageTemplates.Template(t.key(), t.channel().name().toLowerCase(java.util.Locale.ROOT),
                t.language(), t.subject(), t.html(), t.text(), t.builtIn(), t.updatedAt());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}

package io.footbridge.messaging.template;

import io.footbridge.consent.Channel;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Writes a tenant's templates, for the API and the console alike: every part checked (a placeholder that does not
 * compile is named with its line), then stored, the cache forgotten and the change audited.
 */
@Service
public class TemplateEditor {

    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}(-[A-Z]{2})?");

    /** The WhatsApp template approved by Meta for messages outside the 24-hour window, and its parameters. */
    public record Whatsapp(String name, String language, List<String> parameters) {
    }

    private final TemplateRepository repository;
    private final Templates templates;
    private final AuditLog audit;

    TemplateEditor(TemplateRepository repository, Templates templates, AuditLog audit) {
        this.repository = repository;
        this.templates = templates;
        this.audit = audit;
    }

    /** The tenant's templates, then the built-in ones they may override. */
    public List<Template> all(UUID tenantId) {
        List<Template> all = new ArrayList<>(repository.list(tenantId));
        all.addAll(templates.builtIns());
        return all;
    }

    /** The tenant's template for exactly this key, channel and language, else the built-in one. */
    public Optional<Template> exact(UUID tenantId, String key, Channel channel, String language) {
        return repository.find(tenantId, key, channel, language).or(() -> templates.builtIns().stream()
                .filter(t -> t.key().equals(key) && t.channel() == channel && t.language().equals(language))
                .findFirst());
    }

    @Transactional
    public Template save(Actor actor, String key, String channel, String language, String subject, String html,
                         String text, Whatsapp whatsapp) {
        Channel ch = channel(channel);
        List<FieldError> errors = new ArrayList<>();
        if (!KEY.matcher(key).matches()) {
            errors.add(new FieldError("key", "must be 1 to 64 lower-case letters, digits, '.', '_' or '-'"));
        }
        if (!LANGUAGE.matcher(language).matches()) {
            errors.add(new FieldError("language", "must be a language such as en or de-AT"));
        }
        switch (ch) {
            case EMAIL -> {
                if (blank(subject)) {
                    errors.add(new FieldError("subject", "is required for email"));
                }
                if (blank(html) && blank(text)) {
                    errors.add(new FieldError("html", "give html, text or both for email"));
                }
            }
            case SMS, PUSH -> {
                if (blank(text)) {
                    errors.add(new FieldError("text", "is required for " + ch.value()));
                }
            }
            default -> {
                if (blank(text) && whatsapp == null) {
                    errors.add(new FieldError("text", "give a text (inside the 24-hour window), an approved"
                            + " whatsapp template (outside it), or both"));
                }
            }
        }
        longest("subject", subject, 998, errors);
        longest("html", html, 200_000, errors);
        longest("text", text, 20_000, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Templates.compile("subject", subject);
        Templates.compile("html", html);
        Templates.compile("text", text);
        if (whatsapp != null && whatsapp.parameters() != null) {
            for (int i = 0; i < whatsapp.parameters().size(); i++) {
                Templates.compile("whatsapp.parameters[" + i + "]", whatsapp.parameters().get(i));
            }
        }
        String body = ch == Channel.EMAIL && blank(html) && text != null
                ? "<p style=\"white-space:pre-line\">" + org.jsoup.nodes.Entities.escape(text) + "</p>"
                : html;
        Template template = new Template(key, ch, language, subject, body, text,
                whatsapp == null ? null : whatsapp.name(),
                whatsapp == null ? null : whatsapp.language(),
                whatsapp == null ? null : whatsapp.parameters() == null ? List.of() : whatsapp.parameters(),
                false, Instant.now().truncatedTo(ChronoUnit.MICROS));
        repository.save(actor.tenantId(), template, actor.label());
        templates.forget(actor.tenantId(), key);
        audit.record(actor, "message.template.saved", "message_template", key + "/" + ch.value() + "/" + language,
                Map.of());
        return template;
    }

    /** The channels a template may be written for. */
    public static Channel channel(String value) {
        return Channel.of(value).filter(c -> c != Channel.ADS)
                .orElseThrow(() -> ProblemException.invalid("channel", "must be one of: email, sms, whatsapp, push"));
    }

    private static void longest(String field, String value, int max, List<FieldError> errors) {
        if (value != null && value.length() > max) {
            errors.add(new FieldError(field, "size must be between 0 and " + max));
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}

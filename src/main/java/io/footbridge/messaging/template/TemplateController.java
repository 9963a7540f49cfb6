package io.footbridge.messaging.template;

import io.footbridge.consent.Channel;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.footbridge.platform.Reach.Level.SHARED;
import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@RequestMapping("/api/v1/message-templates")
@Tag(name = "Message templates", description = "A tenant's templates per key, channel and language, and their preview")
@Reach(TENANT_WIDE)
class TemplateController {

    private final TemplateRepository repository;
    private final Templates templates;
    private final TemplateEditor editor;
    private final AuditLog audit;

    TemplateController(TemplateRepository repository, Templates templates, TemplateEditor editor, AuditLog audit) {
        this.repository = repository;
        this.templates = templates;
        this.editor = editor;
        this.audit = audit;
    }

    /** The WhatsApp template approved by Meta for messages outside the 24-hour window, and its parameters. */
    record WhatsappTemplate(@NotBlank @Size(max = 512) String name, @NotBlank @Size(max = 16) String language,
                            @Size(max = 20) List<@NotNull @Size(max = 1000) String> parameters) {
    }

    record TemplateRequest(@Size(max = 998) String subject, @Size(max = 200_000) String html,
                           @Size(max = 20_000) String text, @Valid WhatsappTemplate whatsapp) {
    }

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_messages:read')")
    @Operation(summary = "The tenant's templates and the built-in ones (builtIn: true) they may override")
    @Reach(SHARED)
    List<Template> list(@AuthenticationPrincipal Actor actor) {
        return editor.all(actor.tenantId());
    }

    @PutMapping("/{key}/{channel}/{language}")
    @PreAuthorize("hasAuthority('SCOPE_messages:write')")
    @Operation(summary = "Write a template; placeholders are Mustache ({{name}}, {{#list}}…{{/list}}), values are"
            + " escaped in HTML, and a variable a send does not give is an error, never a gap")
    Template put(@AuthenticationPrincipal Actor actor, @PathVariable String key, @PathVariable String channel,
                 @PathVariable String language, @Valid @RequestBody TemplateRequest request) {
        return editor.save(actor, key, channel, language, request.subject(), request.html(), request.text(),
                request.whatsapp() == null ? null : new TemplateEditor.Whatsapp(request.whatsapp().name(),
                        request.whatsapp().language(), request.whatsapp().parameters()));
    }

    @DeleteMapping("/{key}/{channel}/{language}")
    @PreAuthorize("hasAuthority('SCOPE_messages:write')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Transactional
    @Operation(summary = "Remove a tenant template (a built-in one of the same key takes over again)")
    void delete(@AuthenticationPrincipal Actor actor, @PathVariable String key, @PathVariable String channel,
                @PathVariable String language) {
        if (repository.delete(actor.tenantId(), key, channel(channel), language) == 0) {
            throw ProblemException.notFound("template", key + "/" + channel + "/" + language);
        }
        templates.forget(actor.tenantId(), key);
        audit.record(actor, "message.template.deleted", "message_template", key + "/" + channel + "/" + language,
                Map.of());
    }

    private static Channel channel(String value) {
        return TemplateEditor.channel(value);
    }
}

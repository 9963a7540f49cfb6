package io.footbridge.console.convert;

import io.footbridge.console.web.FormErrors;
import io.footbridge.console.web.Listing;
import io.footbridge.messaging.MessageTemplates;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import jakarta.servlet.http.HttpSession;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Message templates: the list, one template's texts with a live preview as it would be sent (htmx posts the draft
 * as it is typed), saving it, and the messages sent with their status.
 */
@Controller
class TemplatePages {

    static final int ROWS = 20;
    /** The last preview's HTML, kept in the session for the frame that shows it. */
    private static final String PREVIEW = TemplatePages.class.getName() + ".preview";
    /** Email HTML is shown as its recipient sees it, in a frame without scripts, forms or the console's cookies. */
    private static final String PREVIEW_POLICY = "sandbox; default-src 'none'; img-src * data:;"
            + " style-src 'unsafe-inline'; frame-ancestors 'self'";

    private final MessageTemplates templates;

    TemplatePages(MessageTemplates templates) {
        this.templates = templates;
    }

    record Preview(String id, String html) {
    }

    @GetMapping("/console/convert/templates")
    @PreAuthorize("hasAuthority('SCOPE_messages:read')")
    String list(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "0") int from, Model model) {
        InboxPages.requireTenantWide(actor);
        // templates are configuration, a few per key: read whole, shown a page at a time
        List<MessageTemplates.Template> all = templates.list(actor);
        int offset = Math.min(Math.max(0, from), all.size());
        var rows = all.subList(offset, Math.min(all.size(), offset + ROWS + 1));
        model.addAttribute("templates", Listing.of(rows, ROWS, last -> String.valueOf(offset + ROWS)));
        model.addAttribute("channels", MessageTemplates.CHANNELS);
        model.addAttribute("errors", FormErrors.NONE);
        return "console/convert/templates";
    }

    /** The new-template form names the template; its page is where it is written. */
    @GetMapping("/console/convert/templates/new")
    @PreAuthorize("hasAuthority('SCOPE_messages:read')")
    String write(@RequestParam(required = false) String key, @RequestParam(required = false) String channel,
                 @RequestParam(required = false) String language) {
        if (key == null || key.isBlank() || channel == null || !MessageTemplates.CHANNELS.contains(channel)
                || language == null || language.isBlank()) {
            return "redirect:/console/convert/templates";
        }
        return "redirect:" + org.springframework.web.util.UriComponentsBuilder
                .fromPath("/console/convert/templates/{key}/{channel}/{language}")
                .buildAndExpand(key.strip(), channel, language.strip()).encode().toUriString();
    }

    @GetMapping("/console/convert/templates/{key}/{channel:email|sms|whatsapp}/{language}")
    @PreAuthorize("hasAuthority('SCOPE_messages:read')")
    String edit(@AuthenticationPrincipal Actor actor, @PathVariable String key, @PathVariable String channel,
                @PathVariable String language, Model model) {
        InboxPages.requireTenantWide(actor);
        MessageTemplates.Draft draft = new MessageTemplates.Draft("", "", "");
        boolean builtIn = false;
        try {
            MessageTemplates.Template t = templates.get(actor, key, channel, language);
            draft = new MessageTemplates.Draft(t.subject(), t.html(), t.text());
            builtIn = t.builtIn();
        } catch (ProblemException notYet) {
            if (notYet.status().value() != 404) {
                throw notYet;
            }
        }
        return form(key, channel, language, draft, builtIn, "", FormErrors.NONE, model);
    }

    @PostMapping("/console/convert/templates/{key}/{channel:email|sms|whatsapp}/{language}")
    @PreAuthorize("hasAuthority('SCOPE_messages:write')")
    String save(@AuthenticationPrincipal Actor actor, @PathVariable String key, @PathVariable String channel,
                @PathVariable String language, @RequestParam(required = false) String subject,
                @RequestParam(required = false) String html, @RequestParam(required = false) String text,
                @RequestParam(required = false) String variables, Model model, RedirectAttributes flash) {
        InboxPages.requireTenantWide(actor);
        MessageTemplates.Draft draft = new MessageTemplates.Draft(subject, html, text);
        try {
            templates.save(actor, key, channel, language, draft);
        } catch (ProblemException problem) {
            return form(key, channel, language, draft, false, variables, FormErrors.of(problem), model);
        }
        flash.addFlashAttribute("notice", "saved");
        return "redirect:/console/convert/templates/" + key + "/" + channel + "/" + language;
    }

    /** The draft as typed, rendered as it would be sent: htmx swaps the answer into the page. */
    @PostMapping("/console/convert/templates/preview")
    @PreAuthorize("hasAuthority('SCOPE_messages:read')")
    String preview(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String key,
                   @RequestParam(required = false) String channel, @RequestParam(required = false) String language,
                   @RequestParam(required = false) String subject, @RequestParam(required = false) String html,
                   @RequestParam(required = false) String text, @RequestParam(required = false) String variables,
                   @RequestParam(required = false) String marketing, HttpSession session, Model model) {
        InboxPages.requireTenantWide(actor);
        try {
            MessageTemplates.Preview preview = templates.preview(actor, key == null ? "draft" : key,
                    channel == null ? "email" : channel, language == null ? "en" : language,
                    new MessageTemplates.Draft(subject, html, text), variables(variables), marketing != null);
            model.addAttribute("preview", preview);
            if (preview.html() != null) {
                String id = UUID.randomUUID().toString();
                session.setAttribute(PREVIEW, new Preview(id, preview.html()));
                model.addAttribute("frame", id);
            }
            model.addAttribute("errors", FormErrors.NONE);
        } catch (ProblemException problem) {
            model.addAttribute("errors", problem.errors().isEmpty()
                    ? FormErrors.field("variables", problem.getMessage()) : FormErrors.of(problem));
        }
        return "console/convert/template :: preview";
    }

    @GetMapping("/console/convert/templates/preview/{previewId}")
    @PreAuthorize("hasAuthority('SCOPE_messages:read')")
    ResponseEntity<String> frame(@PathVariable String previewId, HttpSession session) {
        if (!(session.getAttribute(PREVIEW) instanceof Preview preview) || !preview.id().equals(previewId)) {
            throw ProblemException.notFound("preview", previewId);
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML)
                .header("Content-Security-Policy", PREVIEW_POLICY)
                .header("X-Frame-Options", "SAMEORIGIN")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(preview.html());
    }

    @GetMapping("/console/convert/messages")
    @PreAuthorize("hasAuthority('SCOPE_messages:read')")
    String sent(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String status,
                @RequestParam(required = false) String before, Model model) {
        InboxPages.requireTenantWide(actor);
        String shown = status == null || status.isBlank() ? null : status;
        Instant from;
        try {
            from = before == null || before.isBlank() ? null : Instant.parse(before);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("before", "is not a moment (2026-05-01T09:00:00Z)");
        }
        var rows = templates.sent(actor, shown, from, ROWS + 1);
        model.addAttribute("messages", Listing.of(rows, ROWS, last -> last.createdAt().toString()));
        model.addAttribute("status", shown);
        model.addAttribute("statuses", List.of("queued", "sent", "delivered", "opened", "clicked", "failed",
                "bounced", "blocked"));
        return "console/convert/messages";
    }

    private String form(String key, String channel, String language, MessageTemplates.Draft draft, boolean builtIn,
                        String variables, FormErrors errors, Model model) {
        model.addAttribute("key", key);
        model.addAttribute("channel", channel);
        model.addAttribute("language", language);
        model.addAttribute("draft", draft);
        model.addAttribute("builtIn", builtIn);
        model.addAttribute("variables", variables);
        model.addAttribute("errors", errors);
        return "console/convert/template";
    }

    /** Sample values, one {@code name=value} a line; {@code a.b=value} nests, as templates read {{a.b}}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> variables(String lines) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (lines == null) {
            return values;
        }
        for (String line : lines.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String[] path = line.substring(0, eq).strip().split("\\.");
            Map<String, Object> at = values;
            for (int i = 0; i < path.length - 1; i++) {
                Object next = at.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
                if (!(next instanceof Map)) {
                    break;
                }
                at = (Map<String, Object>) next;
            }
            at.put(path[path.length - 1], line.substring(eq + 1).strip());
        }
        return values;
    }
}

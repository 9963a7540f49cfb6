package io.footbridge.console.convert;

import io.footbridge.console.web.FormErrors;
import io.footbridge.console.web.Listing;
import io.footbridge.messaging.Inbox;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
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
import java.util.UUID;

/** The service inbox: conversations by status, one conversation with what was said both ways, a reply, closing. */
@Controller
class InboxPages {

    static final int ROWS = 20;

    private final Inbox inbox;

    InboxPages(Inbox inbox) {
        this.inbox = inbox;
    }

    @GetMapping("/console/convert/inbox")
    @PreAuthorize("hasAuthority('SCOPE_messages:read')")
    String list(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "open") String status,
                @RequestParam(required = false) String before, Model model) {
        requireTenantWide(actor);
        String shown = status.equals("all") ? null : status;
        Instant from;
        try {
            from = before == null || before.isBlank() ? null : Instant.parse(before);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("before", "is not a moment (2026-05-01T09:00:00Z)");
        }
        var rows = inbox.list(actor, shown, null, from, ROWS + 1);
        model.addAttribute("items", Listing.of(rows, ROWS, last -> last.lastMessageAt().toString()));
        model.addAttribute("status", status);
        model.addAttribute("statuses", java.util.List.of("open", "answered", "closed", "all"));
        return "console/convert/inbox";
    }

    @GetMapping("/console/convert/inbox/{conversationId}")
    @PreAuthorize("hasAuthority('SCOPE_messages:read')")
    String conversation(@AuthenticationPrincipal Actor actor, @PathVariable UUID conversationId, Model model) {
        requireTenantWide(actor);
        return show(actor, conversationId, "", FormErrors.NONE, model);
    }

    /** The form carries a key drawn when it was shown, so a form sent twice answers once. */
    @PostMapping("/console/convert/inbox/{conversationId}/reply")
    @PreAuthorize("hasAuthority('SCOPE_messages:write')")
    String reply(@AuthenticationPrincipal Actor actor, @PathVariable UUID conversationId,
                 @RequestParam(required = false) String text, @RequestParam(required = false) String key,
                 Model model, RedirectAttributes flash) {
        requireTenantWide(actor);
        try {
            String once = key == null || key.isBlank() || key.length() > 100 ? null : key;
            Inbox.Replied replied = inbox.reply(actor, conversationId, text, once);
            flash.addFlashAttribute("notice", replied.duplicate() ? "duplicate" : "replied");
            return "redirect:/console/convert/inbox/" + conversationId;
        } catch (ProblemException problem) {
            FormErrors errors = problem.errors().isEmpty()
                    ? FormErrors.field("text", problem.getMessage()) : FormErrors.of(problem);
            return show(actor, conversationId, text, errors, model);
        }
    }

    @PostMapping("/console/convert/inbox/{conversationId}/close")
    @PreAuthorize("hasAuthority('SCOPE_messages:write')")
    String close(@AuthenticationPrincipal Actor actor, @PathVariable UUID conversationId, RedirectAttributes flash) {
        requireTenantWide(actor);
        inbox.close(actor, conversationId);
        flash.addFlashAttribute("notice", "closed");
        return "redirect:/console/convert/inbox/" + conversationId;
    }

    private String show(Actor actor, UUID id, String text, FormErrors errors, Model model) {
        model.addAttribute("conversation", inbox.get(actor, id));
        model.addAttribute("text", text);
        model.addAttribute("key", UUID.randomUUID().toString());
        model.addAttribute("maxReply", Inbox.MAX_REPLY);
        model.addAttribute("errors", errors);
        return "console/convert/conversation";
    }

    /** The inbox is the whole tenant's, as in the API: customers write to the brand, not to a store. */
    static void requireTenantWide(Actor actor) {
        if (!actor.allStores()) {
            throw ProblemException.forbidden("The service inbox is the whole tenant's: it needs tenant-wide"
                    + " credentials.");
        }
    }
}

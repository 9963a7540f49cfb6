package io.footbridge.console.data;

import io.footbridge.capture.FailedEvents;
import io.footbridge.console.web.Listing;
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

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Failed events: the input that failed validation with its reasons, filtered and paged by a cursor; one failure's
 * payload as received; replaying one or the ticked ones through the same validation and append as live traffic,
 * or discarding one. {@link FailedEvents} holds the rules (events:write, tenant-wide), as for the API.
 */
@Controller
class FailedEventPages {

    private static final int ROWS = 50;

    private final FailedEvents failures;

    FailedEventPages(FailedEvents failures) {
        this.failures = failures;
    }

    @GetMapping("/console/data/failed-events")
    @PreAuthorize("hasAuthority('SCOPE_events:write')")
    String list(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "open") String status,
                @RequestParam(required = false) String source, @RequestParam(required = false) String reason,
                @RequestParam(required = false) String after, Model model) {
        // an emptied status field reads as the default, as an absent one does
        FailedEvents.Filter filter = new FailedEvents.Filter(status.isBlank() ? "open" : status.strip(),
                blankToNull(source), blankToNull(reason));
        List<FailedEvents.Failure> rows = failures.list(actor, filter, FailedEvents.Cursor.parse(after), ROWS + 1);
        model.addAttribute("failures", Listing.of(rows, ROWS, last -> FailedEvents.Cursor.after(last).toString()));
        model.addAttribute("filter", filter);
        model.addAttribute("statuses", FailedEvents.STATUSES);
        return "console/data/failed-events";
    }

    @GetMapping("/console/data/failed-events/{failedId}")
    @PreAuthorize("hasAuthority('SCOPE_events:write')")
    String one(@AuthenticationPrincipal Actor actor, @PathVariable UUID failedId, Model model) {
        model.addAttribute("failure", failures.get(actor, failedId));
        return "console/data/failed-event";
    }

    /**
     * Replays the ticked failures ({@code ids}), or the one whose own button was pressed ({@code one}), which wins
     * over the ticks the same form carries. The outcomes are shown above the list.
     */
    @PostMapping("/console/data/failed-events/replay")
    @PreAuthorize("hasAuthority('SCOPE_events:write')")
    String replay(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) List<String> ids,
                  @RequestParam(required = false) String one, RedirectAttributes flash) {
        List<String> given = one != null && !one.isBlank() ? List.of(one) : ids == null ? List.of() : ids;
        List<UUID> parsed = new ArrayList<>();
        for (String id : given) {
            try {
                parsed.add(UUID.fromString(id.strip()));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("ids", "is not a failed event's id: " + id);
            }
        }
        flash.addFlashAttribute("replays", failures.replay(actor, parsed));
        return "redirect:/console/data/failed-events";
    }

    @PostMapping("/console/data/failed-events/{failedId}/discard")
    @PreAuthorize("hasAuthority('SCOPE_events:write')")
    String discard(@AuthenticationPrincipal Actor actor, @PathVariable UUID failedId, RedirectAttributes flash) {
        failures.discard(actor, failedId);
        flash.addFlashAttribute("notice", "discarded");
        return "redirect:/console/data/failed-events/" + failedId;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}

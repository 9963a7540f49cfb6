package io.footbridge.console.convert;

import io.footbridge.console.web.FormErrors;
import io.footbridge.console.web.Listing;
import io.footbridge.console.web.Picks;
import io.footbridge.feedback.CaseDesk;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Complaint cases of the picked store (a store manager's stores only): a list, a board by status, one case with its
 * notes and history, moving it on, giving it to someone, noting what was done.
 */
@Controller
class CasePages {

    static final int ROWS = 20;
    /** Cards per column of the board; the column links to the whole list of its status. */
    static final int BOARD = 10;

    private final CaseDesk cases;

    CasePages(CaseDesk cases) {
        this.cases = cases;
    }

    @GetMapping("/console/convert/cases")
    @PreAuthorize("hasAuthority('SCOPE_feedback:read')")
    String list(@AuthenticationPrincipal Actor actor, @ModelAttribute("picks") Picks picks,
                @RequestParam(required = false) String status, @RequestParam(required = false) String owner,
                @RequestParam(defaultValue = "0") int from, Model model) {
        String shown = status == null || status.isBlank() ? null : status;
        UUID ownerId = "me".equals(owner) ? actor.id() : null;
        int offset = Math.max(0, from);
        var rows = cases.list(actor, blankToNull(picks.storeCode()), shown, ownerId, ROWS + 1, offset);
        model.addAttribute("cases", Listing.of(rows, ROWS, last -> String.valueOf(offset + ROWS)));
        model.addAttribute("status", shown);
        model.addAttribute("owner", ownerId == null ? null : "me");
        model.addAttribute("statuses", CaseDesk.STATUSES);
        return "console/convert/cases";
    }

    @GetMapping("/console/convert/cases/board")
    @PreAuthorize("hasAuthority('SCOPE_feedback:read')")
    String board(@AuthenticationPrincipal Actor actor, @ModelAttribute("picks") Picks picks, Model model) {
        Map<String, Listing<CaseDesk.Summary>> columns = new LinkedHashMap<>();
        for (String status : CaseDesk.STATUSES) {
            var rows = cases.list(actor, blankToNull(picks.storeCode()), status, null, BOARD + 1, 0);
            columns.put(status, Listing.of(rows, BOARD, last -> status));
        }
        model.addAttribute("columns", columns);
        return "console/convert/board";
    }

    @GetMapping("/console/convert/cases/{caseId}")
    @PreAuthorize("hasAuthority('SCOPE_feedback:read')")
    String one(@AuthenticationPrincipal Actor actor, @PathVariable UUID caseId, Model model) {
        return show(actor, caseId, FormErrors.NONE, model);
    }

    @PostMapping("/console/convert/cases/{caseId}/status")
    @PreAuthorize("hasAuthority('SCOPE_feedback:write')")
    String move(@AuthenticationPrincipal Actor actor, @PathVariable UUID caseId,
                @RequestParam(required = false) String status, @RequestParam(required = false) String customerMessage,
                Model model, RedirectAttributes flash) {
        try {
            cases.move(actor, caseId, blankToNull(status), customerMessage);
        } catch (ProblemException problem) {
            return refused(actor, caseId, problem, "status", model);
        }
        flash.addFlashAttribute("notice", "moved");
        return "redirect:/console/convert/cases/" + caseId;
    }

    @PostMapping("/console/convert/cases/{caseId}/owner")
    @PreAuthorize("hasAuthority('SCOPE_feedback:write')")
    String assign(@AuthenticationPrincipal Actor actor, @PathVariable UUID caseId,
                  @RequestParam(required = false) String owner, Model model, RedirectAttributes flash) {
        UUID ownerId;
        try {
            ownerId = owner == null || owner.isBlank() ? null : UUID.fromString(owner.strip());
        } catch (IllegalArgumentException e) {
            return show(actor, caseId, FormErrors.field("owner", "is not a staff member"), model);
        }
        try {
            cases.assign(actor, caseId, ownerId);
        } catch (ProblemException problem) {
            return refused(actor, caseId, problem, "owner", model);
        }
        flash.addFlashAttribute("notice", "assigned");
        return "redirect:/console/convert/cases/" + caseId;
    }

    @PostMapping("/console/convert/cases/{caseId}/notes")
    @PreAuthorize("hasAuthority('SCOPE_feedback:write')")
    String note(@AuthenticationPrincipal Actor actor, @PathVariable UUID caseId,
                @RequestParam(required = false) String text, Model model, RedirectAttributes flash) {
        try {
            cases.note(actor, caseId, text);
        } catch (ProblemException problem) {
            model.addAttribute("noteText", text);
            return refused(actor, caseId, problem, "text", model);
        }
        flash.addFlashAttribute("notice", "noted");
        return "redirect:/console/convert/cases/" + caseId;
    }

    private String refused(Actor actor, UUID caseId, ProblemException problem, String field, Model model) {
        if (problem.status().value() == 404 || problem.status().value() == 403) {
            throw problem;
        }
        return show(actor, caseId, problem.errors().isEmpty() ? FormErrors.field(field, problem.getMessage())
                : FormErrors.of(problem), model);
    }

    private String show(Actor actor, UUID caseId, FormErrors errors, Model model) {
        CaseDesk.Detail detail = cases.get(actor, caseId);
        List<CaseDesk.Assignee> assignees = cases.assignees(actor, caseId);
        model.addAttribute("detail", detail);
        model.addAttribute("assignees", assignees);
        model.addAttribute("errors", errors);
        return "console/convert/case";
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}

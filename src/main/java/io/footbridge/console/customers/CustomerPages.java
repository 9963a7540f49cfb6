package io.footbridge.console.customers;

import io.footbridge.console.web.FormErrors;
import io.footbridge.identity.ProfileMerges;
import io.footbridge.loyalty.LoyaltyMembers;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.Optional;
import java.util.UUID;

/** Finding a customer, their 360, their timeline page by page, and joining or splitting people. */
@Controller
class CustomerPages {

    private final CustomerFile file;
    private final ProfileMerges merges;
    private final io.footbridge.journeys.Journeys journeys;
    private final LoyaltyMembers loyalty;

    CustomerPages(CustomerFile file, ProfileMerges merges, io.footbridge.journeys.Journeys journeys,
                  LoyaltyMembers loyalty) {
        this.file = file;
        this.merges = merges;
        this.journeys = journeys;
        this.loyalty = loyalty;
    }

    @GetMapping("/console/customers")
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    String search(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String q,
                  @RequestParam(required = false) String country, Model model) {
        model.addAttribute("q", q);
        model.addAttribute("country", country);
        model.addAttribute("errors", FormErrors.NONE);
        if (q != null) {
            try {
                model.addAttribute("found", file.search(actor, q, country));
            } catch (ProblemException problem) {
                model.addAttribute("errors", FormErrors.of(problem));
            }
        }
        return "console/customers/search";
    }

    @GetMapping("/console/customers/{id}")
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    String person(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, Model model) {
        Optional<UUID> root = file.mergedInto(actor, id);
        if (root.isPresent()) {
            return "redirect:/console/customers/" + root.get();
        }
        return show(actor, id, FormErrors.NONE, model);
    }

    @GetMapping("/console/customers/{id}/timeline")
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    String timeline(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                    @RequestParam(required = false) String before,
                    @RequestHeader(value = "HX-Request", required = false) String htmx, Model model) {
        model.addAttribute("profileId", id);
        model.addAttribute("timeline", file.timeline(actor, id, before));
        return htmx != null ? "console/customers/timeline :: rows" : "console/customers/timeline";
    }

    @PostMapping("/console/customers/{id}/merge")
    @PreAuthorize("hasAuthority('SCOPE_profiles:write')")
    String merge(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                 @RequestParam(required = false) String profileId, Model model, RedirectAttributes flash) {
        model.addAttribute("otherId", profileId);
        UUID other;
        try {
            other = UUID.fromString(profileId == null ? "" : profileId.strip());
        } catch (IllegalArgumentException e) {
            return show(actor, id, FormErrors.field("profileId", "is not a profile id"), model);
        }
        try {
            ProfileMerges.Merge merge = merges.merge(actor, id, other);
            flash.addFlashAttribute("notice", "merged");
            return "redirect:/console/customers/" + merge.intoProfileId();
        } catch (ProblemException problem) {
            FormErrors errors = problem.errors().isEmpty()
                    ? FormErrors.field("profileId", problem.getMessage()) : FormErrors.of(problem);
            return show(actor, id, errors, model);
        }
    }

    @PostMapping("/console/customers/merges/{mergeId}/undo")
    @PreAuthorize("hasAuthority('SCOPE_profiles:write')")
    String undo(@AuthenticationPrincipal Actor actor, @PathVariable UUID mergeId, RedirectAttributes flash) {
        ProfileMerges.Merge merge = merges.undo(actor, mergeId);
        flash.addFlashAttribute("notice", "unmerged");
        flash.addFlashAttribute("split", merge.fromProfileId());
        return "redirect:/console/customers/" + merge.intoProfileId();
    }

    private String show(Actor actor, UUID id, FormErrors errors, Model model) {
        model.addAttribute("person", file.of(actor, id));
        // journeys are tenant-wide: shown to those who may read them
        model.addAttribute("journeySteps", actor.has(io.footbridge.platform.Scope.JOURNEYS_READ)
                ? journeys.steps(actor, id, CustomerFile.ROWS) : null);
        model.addAttribute("member", loyalty.findByProfile(actor, id).orElse(null));
        model.addAttribute("mayChange", CustomerFile.mayChange(actor));
        model.addAttribute("errors", errors);
        return "console/customers/person";
    }
}

package io.footbridge.console.customers;

import io.footbridge.console.web.Listing;
import io.footbridge.identity.ProfileMerges;
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
import java.util.List;
import java.util.UUID;

/** The identity review queue: pairs a rule held apart, for staff to merge or dismiss. */
@Controller
class ReviewPages {

    private static final List<String> STATUSES = List.of("open", "merged", "dismissed");

    private final ProfileMerges merges;

    ReviewPages(ProfileMerges merges) {
        this.merges = merges;
    }

    @GetMapping("/console/customers/reviews")
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    String reviews(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "open") String status,
                   @RequestParam(required = false) String before, Model model) {
        if (!STATUSES.contains(status)) {
            throw ProblemException.invalid("status", "must be one of " + String.join(", ", STATUSES));
        }
        Instant cursor;
        try {
            cursor = before == null || before.isBlank() ? null : Instant.parse(before);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("before", "is not a cursor from a previous page");
        }
        List<ProfileMerges.Review> read = merges.reviews(actor, status, cursor, CustomerFile.ROWS + 1);
        model.addAttribute("status", status);
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("reviews", Listing.of(read, CustomerFile.ROWS, r -> r.createdAt().toString()));
        return "console/customers/reviews";
    }

    @PostMapping("/console/customers/reviews/{id}")
    @PreAuthorize("hasAuthority('SCOPE_profiles:write')")
    String decide(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, @RequestParam String decision,
                  RedirectAttributes flash) {
        ProfileMerges.Review review = merges.decide(actor, id, decision);
        flash.addFlashAttribute("notice", "review." + review.status());
        return "redirect:/console/customers/reviews";
    }
}

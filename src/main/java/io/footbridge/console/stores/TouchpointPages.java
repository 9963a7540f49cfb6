package io.footbridge.console.stores;

import io.footbridge.capture.TouchpointRegistry;
import io.footbridge.console.web.FormErrors;
import io.footbridge.console.web.Listing;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Scope;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.Map;

/** Touchpoints: where customers meet the business (tills, codes, portals, pages), listed and registered. */
@Controller
class TouchpointPages {

    private static final int ROWS = 50;

    private final TouchpointRegistry touchpoints;

    TouchpointPages(TouchpointRegistry touchpoints) {
        this.touchpoints = touchpoints;
    }

    @GetMapping("/console/stores/touchpoints")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    String list(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "0") int offset, Model model) {
        if (offset < 0) {
            throw ProblemException.invalid("offset", "must not be negative");
        }
        model.addAttribute("touchpoints", Listing.of(touchpoints.list(actor,
                PlacementPages.storeCode(Shown.picks(model)), ROWS + 1, offset), ROWS,
                t -> String.valueOf(offset + ROWS)));
        model.addAttribute("types", TouchpointRegistry.TYPES);
        model.addAttribute("stages", TouchpointRegistry.STAGES);
        model.addAttribute("mayWrite", actor.has(Scope.STORES_WRITE));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", FormErrors.NONE);
            model.addAttribute("draft", Map.of());
        }
        return "console/stores/touchpoints";
    }

    @PostMapping("/console/stores/touchpoints")
    @PreAuthorize("hasAuthority('SCOPE_stores:write')")
    String create(@AuthenticationPrincipal Actor actor, @RequestParam Map<String, String> form, Model model,
                  RedirectAttributes flash) {
        try {
            touchpoints.create(actor, new TouchpointRegistry.NewTouchpoint(form.get("code"), form.get("type"),
                    form.get("tpStore"), form.get("label"), form.get("stage")));
            flash.addFlashAttribute("notice", "created");
            return "redirect:/console/stores/touchpoints";
        } catch (ProblemException problem) {
            model.addAttribute("errors", Shown.errors(problem, Map.of("store", "tpStore")));
            model.addAttribute("draft", form);
            return list(actor, 0, model);
        }
    }
}

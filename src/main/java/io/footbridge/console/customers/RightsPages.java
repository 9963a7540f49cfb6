package io.footbridge.console.customers;

import io.footbridge.console.web.FormErrors;
import io.footbridge.consent.DataRights;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.profile.Customers;
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
import tools.jackson.databind.json.JsonMapper;

import java.util.UUID;

/** A person's rights: their data exported, or erased everywhere, each after a page that says what will happen. */
@Controller
class RightsPages {

    private final DataRights rights;
    private final Customers customers;
    private final JsonMapper json;

    RightsPages(DataRights rights, Customers customers, JsonMapper json) {
        this.rights = rights;
        this.customers = customers;
        this.json = json;
    }

    @GetMapping("/console/customers/{id}/{action:export|erase}")
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    String confirm(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, @PathVariable String action,
                   Model model) {
        return page(actor, id, action, FormErrors.NONE, model);
    }

    @PostMapping("/console/customers/{id}/export")
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    ResponseEntity<byte[]> export(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        DataRights.Export export = rights.export(actor, id);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"footbridge-export-"
                        + export.profileId() + ".json\"")
                .body(json.writeValueAsBytes(export));
    }

    @PostMapping("/console/customers/{id}/erase")
    @PreAuthorize("hasAuthority('SCOPE_profiles:write')")
    String erase(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                 @RequestParam(required = false) String confirm, Model model, RedirectAttributes flash) {
        if (!"yes".equals(confirm)) {
            return page(actor, id, "erase", FormErrors.field("confirm", "tick to confirm"), model);
        }
        rights.erase(actor, id);
        flash.addFlashAttribute("notice", "erased");
        return "redirect:/console/customers";
    }

    private String page(Actor actor, UUID id, String action, FormErrors errors, Model model) {
        if (!actor.allStores()) {
            throw ProblemException.forbidden("A person's data is in every store: exporting or erasing it needs"
                    + " tenant-wide credentials.");
        }
        model.addAttribute("view", customers.view(actor, id));
        model.addAttribute("action", action);
        model.addAttribute("errors", errors);
        return "console/customers/rights";
    }
}

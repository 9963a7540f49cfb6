package io.footbridge.console.data;

import io.footbridge.console.web.FormErrors;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Scope;
import io.footbridge.platform.apikey.ApiKeyService;
import io.footbridge.platform.apikey.IssuedApiKey;
import jakarta.servlet.http.HttpServletResponse;
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
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * API keys (tenant admins): create one with its scopes and perhaps one store, list them (revoked ones on request),
 * revoke one. A new key's secret is on the answer to the form only: sent uncached, never put in the session or the
 * flash, never shown again.
 */
@Controller
class ApiKeyPages {

    private final ApiKeyService keys;

    ApiKeyPages(ApiKeyService keys) {
        this.keys = keys;
    }

    @GetMapping("/console/data/api-keys")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    String list(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "false") boolean revoked,
                Model model) {
        model.addAttribute("keys", keys.list(actor, revoked));
        model.addAttribute("withRevoked", revoked);
        model.addAttribute("scopes", Arrays.stream(Scope.values())
                .filter(s -> s != Scope.METRICS || actor.installationAdmin()).map(Scope::value).toList());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", FormErrors.NONE);
            model.addAttribute("draftScopes", List.of());
        }
        return "console/data/api-keys";
    }

    @PostMapping("/console/data/api-keys")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    String create(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String name,
                  @RequestParam(required = false) List<String> scopes,
                  @RequestParam(required = false) String storeCode, HttpServletResponse response, Model model) {
        List<String> given = scopes == null ? List.of() : scopes;
        String store = storeCode == null || storeCode.isBlank() ? null : storeCode.strip();
        try {
            List<Scope> parsed = new ArrayList<>();
            for (String value : given) {
                parsed.add(Scope.of(value).orElseThrow(() -> ProblemException.invalid("scopes",
                        "must each be one of " + Scope.allValues())));
            }
            IssuedApiKey issued = keys.create(actor, name == null ? null : name.strip(), parsed, store);
            // the only answer that carries the secret: no cache, no history, no back button may keep it
            response.setHeader("Cache-Control", "no-store");
            model.addAttribute("issued", issued);
            model.addAttribute("errors", FormErrors.NONE);
            model.addAttribute("draftScopes", List.of());
            return list(actor, false, model);
        } catch (ProblemException problem) {
            if (problem.status().value() != 400) {
                throw problem;
            }
            response.setStatus(400);
            model.addAttribute("errors", FormErrors.of(problem));
            model.addAttribute("draftName", name);
            model.addAttribute("draftStore", store);
            model.addAttribute("draftScopes", given);
            return list(actor, false, model);
        }
    }

    @PostMapping("/console/data/api-keys/{keyId}/revoke")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    String revoke(@AuthenticationPrincipal Actor actor, @PathVariable UUID keyId, RedirectAttributes flash) {
        keys.revoke(actor, keyId);
        flash.addFlashAttribute("notice", "revoked");
        return "redirect:/console/data/api-keys";
    }
}

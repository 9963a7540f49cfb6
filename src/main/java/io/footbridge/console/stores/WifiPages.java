package io.footbridge.console.stores;

import io.footbridge.hosted.WifiPortals;
import io.footbridge.console.web.FormErrors;
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

import java.util.List;
import java.util.Map;

/**
 * The Wi-Fi portal: access points (a new one's portal URL is shown once, to copy into its controller) and the
 * wording guests agree to, each change a new version.
 */
@Controller
class WifiPages {

    private static final Map<String, String> FIELDS = Map.of("store", "apStore");

    private final WifiPortals wifi;

    WifiPages(WifiPortals wifi) {
        this.wifi = wifi;
    }

    @GetMapping("/console/stores/wifi")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    String wifi(@AuthenticationPrincipal Actor actor, Model model) {
        model.addAttribute("accessPoints", wifi.accessPoints(actor, PlacementPages.storeCode(Shown.picks(model))));
        List<WifiPortals.Wording> wordings = wifi.wordings(actor);
        model.addAttribute("wording", wordings.isEmpty() ? null : wordings.get(0));
        model.addAttribute("vendors", WifiPortals.VENDORS);
        model.addAttribute("mayWrite", actor.has(Scope.STORES_WRITE));
        model.addAttribute("mayWord", actor.isTenantAdmin());
        for (String errors : List.of("apErrors", "wordingErrors")) {
            if (!model.containsAttribute(errors)) {
                model.addAttribute(errors, FormErrors.NONE);
            }
        }
        if (!model.containsAttribute("apDraft")) {
            model.addAttribute("apDraft", Map.of());
        }
        return "console/stores/wifi";
    }

    @PostMapping("/console/stores/wifi/access-points")
    @PreAuthorize("hasAuthority('SCOPE_stores:write')")
    String add(@AuthenticationPrincipal Actor actor, @RequestParam Map<String, String> form, Model model,
               RedirectAttributes flash) {
        try {
            WifiPortals.AccessPoint added = wifi.add(actor, new WifiPortals.NewAccessPoint(form.get("vendor"),
                    form.get("node"), form.get("apStore"), form.get("label"), form.get("secret"),
                    form.get("gatewayAddress")));
            // shown once, on the next page only: the URL carries the key that binds the portal to this business
            flash.addFlashAttribute("added", added);
            return "redirect:/console/stores/wifi";
        } catch (ProblemException problem) {
            model.addAttribute("apErrors", Shown.errors(problem, FIELDS));
            model.addAttribute("apDraft", form);
            return wifi(actor, model);
        }
    }

    @PostMapping("/console/stores/wifi/wording")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    String wording(@AuthenticationPrincipal Actor actor, @RequestParam Map<String, String> form, Model model,
                   RedirectAttributes flash) {
        try {
            wifi.newWording(actor, form.get("wifiTerms"), form.get("wifiEmail"), form.get("wifiSms"),
                    form.get("wifiClub"));
            flash.addFlashAttribute("notice", "wording");
            return "redirect:/console/stores/wifi";
        } catch (ProblemException problem) {
            model.addAttribute("wordingErrors", Shown.errors(problem, Map.of("terms", "wifiTerms",
                    "marketingEmail", "wifiEmail", "marketingSms", "wifiSms", "club", "wifiClub")));
            model.addAttribute("wordingDraft", form);
            return wifi(actor, model);
        }
    }
}

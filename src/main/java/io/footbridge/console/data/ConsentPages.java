package io.footbridge.console.data;

import io.footbridge.console.web.FormErrors;
import io.footbridge.console.web.Listing;
import io.footbridge.consent.Channel;
import io.footbridge.consent.ConsentSettings;
import io.footbridge.consent.Purpose;
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

import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The consent gate's policy (double opt-in, quiet hours, the frequency cap), changed by tenant admins, and the
 * registered consent wordings, newest first, where a tenant-wide account registers a new version.
 */
@Controller
class ConsentPages {

    private static final int ROWS = 20;
    /** The clocks a policy can fall back to: UTC and the time-zone database's regions. */
    private static final List<String> ZONES = Stream.concat(Stream.of("UTC"), ZoneId.getAvailableZoneIds().stream()
            .filter(z -> z.contains("/") && !z.startsWith("Etc/") && !z.startsWith("SystemV/")).sorted()).toList();
    /** The API's field names as the policy form names them. */
    private static final Map<String, String> POLICY_FIELDS = Map.of("quietHours", "quietStart",
            "quietHours.start", "quietStart", "quietHours.end", "quietEnd", "frequencyCap", "capMessages",
            "frequencyCap.messages", "capMessages", "frequencyCap.days", "capDays");
    /** The wording form's fields carry a prefix: {@code language} and {@code country} would clash with others. */
    private static final Map<String, String> WORDING_FIELDS = Map.of("version", "wordingVersion",
            "country", "wordingCountry", "language", "wordingLanguage", "channel", "wordingChannel",
            "purpose", "wordingPurpose", "text", "wordingText");

    private final ConsentSettings settings;

    ConsentPages(ConsentSettings settings) {
        this.settings = settings;
    }

    @GetMapping("/console/data/consent")
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    String consent(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "0") int offset, Model model) {
        if (offset < 0) {
            throw ProblemException.invalid("offset", "must not be negative");
        }
        model.addAttribute("wordings", Listing.of(settings.wordings(actor, ROWS + 1, offset), ROWS,
                last -> String.valueOf(offset + ROWS)));
        model.addAttribute("mayChangePolicy", actor.isTenantAdmin());
        model.addAttribute("mayRegister", mayRegister(actor));
        model.addAttribute("zones", ZONES);
        model.addAttribute("channels", Arrays.stream(Channel.values()).map(Channel::value).toList());
        model.addAttribute("purposes", Arrays.stream(Purpose.values()).map(Purpose::value).toList());
        if (!model.containsAttribute("policy")) {
            model.addAttribute("policy", shown(settings.policy(actor)));
        }
        for (String errors : List.of("policyErrors", "wordingErrors")) {
            if (!model.containsAttribute(errors)) {
                model.addAttribute(errors, FormErrors.NONE);
            }
        }
        if (!model.containsAttribute("wording")) {
            model.addAttribute("wording", Map.of());
        }
        return "console/data/consent";
    }

    @PostMapping("/console/data/consent/policy")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    String policy(@AuthenticationPrincipal Actor actor, @RequestParam Map<String, String> form, Model model,
                  RedirectAttributes flash) {
        model.addAttribute("policy", form);
        Map<String, String> wrong = new LinkedHashMap<>();
        Integer messages = whole(form, "capMessages", wrong);
        Integer days = whole(form, "capDays", wrong);
        if (!wrong.isEmpty()) {
            model.addAttribute("policyErrors", new FormErrors(null, wrong));
            return consent(actor, 0, model);
        }
        try {
            settings.setPolicy(actor, new ConsentSettings.PolicyForm("true".equals(form.get("doubleOptInEmail")),
                    form.get("quietStart"), form.get("quietEnd"), form.get("timeZone"), messages, days));
            flash.addFlashAttribute("notice", "policy");
            return "redirect:/console/data/consent";
        } catch (ProblemException problem) {
            model.addAttribute("policyErrors", errors(problem, POLICY_FIELDS, null));
            return consent(actor, 0, model);
        }
    }

    @PostMapping("/console/data/consent/wordings")
    @PreAuthorize("hasAuthority('SCOPE_profiles:write')")
    String register(@AuthenticationPrincipal Actor actor, @RequestParam Map<String, String> form, Model model,
                    RedirectAttributes flash) {
        if (!mayRegister(actor)) {
            throw ProblemException.forbidden("Wordings are the whole tenant's: registering one needs tenant-wide"
                    + " credentials.");
        }
        try {
            ConsentSettings.Wording wording = settings.register(actor, new ConsentSettings.WordingForm(
                    form.get("wordingVersion"), form.get("wordingCountry"), form.get("wordingLanguage"),
                    form.get("wordingChannel"), form.get("wordingPurpose"), form.get("wordingText")));
            flash.addFlashAttribute("notice", "wording");
            flash.addFlashAttribute("registered", wording.version());
            return "redirect:/console/data/consent";
        } catch (ProblemException problem) {
            model.addAttribute("wording", form);
            // a version registered with another text is a conflict without a field: it is the version's problem
            model.addAttribute("wordingErrors", errors(problem, WORDING_FIELDS, "wordingVersion"));
            return consent(actor, 0, model);
        }
    }

    private static boolean mayRegister(Actor actor) {
        return actor.allStores() && actor.has(Scope.PROFILES_WRITE);
    }

    /** The policy as the form shows it: every value a string, empty when off. */
    private static Map<String, String> shown(ConsentSettings.PolicyForm policy) {
        Map<String, String> shown = new HashMap<>();
        shown.put("doubleOptInEmail", String.valueOf(policy.doubleOptInEmail()));
        shown.put("quietStart", policy.quietStart());
        shown.put("quietEnd", policy.quietEnd());
        shown.put("timeZone", policy.timeZone());
        shown.put("capMessages", policy.capMessages() == null ? null : String.valueOf(policy.capMessages()));
        shown.put("capDays", policy.capDays() == null ? null : String.valueOf(policy.capDays()));
        return shown;
    }

    private static Integer whole(Map<String, String> form, String field, Map<String, String> wrong) {
        String value = form.get(field);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            wrong.put(field, "must be a whole number");
            return null;
        }
    }

    /**
     * The problem's reasons under the form's field names, or, when it names no field, at {@code fieldless}. A
     * refusal of who is asking is not a form's problem: it is answered as a refused page.
     */
    private static FormErrors errors(ProblemException problem, Map<String, String> renamed, String fieldless) {
        if (problem.status().value() == 403 || problem.status().value() == 404) {
            throw problem;
        }
        FormErrors errors = FormErrors.of(problem);
        if (errors.fields().isEmpty() && fieldless != null) {
            return FormErrors.field(fieldless, problem.getMessage());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        errors.fields().forEach((field, reason) -> fields.merge(renamed.getOrDefault(field, field), reason,
                (a, b) -> a + "; " + b));
        return new FormErrors(errors.detail(), fields);
    }
}

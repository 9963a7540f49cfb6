package io.footbridge.console.data;

import io.footbridge.console.web.FormErrors;
import io.footbridge.console.web.Listing;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.platform.staff.Role;
import io.footbridge.platform.staff.StaffAccounts;
import io.footbridge.platform.staff.StaffUser;
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

import java.util.List;
import java.util.UUID;

/**
 * Staff users (tenant admins): the list, adding one with a first password, changing name, role and stores, setting
 * a password, disabling. {@link StaffAccounts} keeps the API's rules: the last active admin, nobody disabling
 * themselves, the installation admin changed only by an installation admin.
 */
@Controller
class UserPages {

    private static final int ROWS = 50;

    private final StaffAccounts staff;
    private final Stores stores;

    UserPages(StaffAccounts staff, Stores stores) {
        this.staff = staff;
        this.stores = stores;
    }

    /** What the forms show again after a refusal: the fields as typed, never the password. */
    record Draft(String email, String name, String role, List<String> storeCodes) {
    }

    @GetMapping("/console/data/users")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    String list(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "0") int offset, Model model) {
        if (offset < 0) {
            throw ProblemException.invalid("offset", "must not be negative");
        }
        model.addAttribute("users", Listing.of(staff.list(actor, ROWS + 1, offset), ROWS,
                last -> String.valueOf(offset + ROWS)));
        model.addAttribute("roles", Role.values());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", FormErrors.NONE);
            model.addAttribute("draft", new Draft(null, null, Role.STORE_MANAGER.value(), List.of()));
        }
        return "console/data/users";
    }

    @PostMapping("/console/data/users")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    String create(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String email,
                  @RequestParam(required = false) String name, @RequestParam(required = false) String role,
                  @RequestParam(required = false) String password,
                  @RequestParam(required = false) List<String> storeCodes, HttpServletResponse response,
                  Model model, RedirectAttributes flash) {
        Draft draft = new Draft(email, name, role, storeCodes);
        try {
            StaffUser created = staff.create(actor, email, blankToNull(name), role(role), password, storeCodes);
            flash.addFlashAttribute("notice", "created");
            return "redirect:/console/data/users/" + created.id();
        } catch (ProblemException problem) {
            refusedAtForm(problem, response, model);
            model.addAttribute("draft", draft);
            return list(actor, 0, model);
        }
    }

    @GetMapping("/console/data/users/{userId}")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    String one(@AuthenticationPrincipal Actor actor, @PathVariable UUID userId, Model model) {
        StaffUser user = staff.get(actor, userId);
        model.addAttribute("user", user);
        model.addAttribute("roles", Role.values());
        model.addAttribute("mayChange", !user.installationAdmin() || actor.installationAdmin());
        model.addAttribute("bindable", bindable(actor, user, model));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", FormErrors.NONE);
            model.addAttribute("draft", new Draft(user.email(), user.name(), user.role().value(), user.storeCodes()));
        }
        if (!model.containsAttribute("passwordErrors")) {
            model.addAttribute("passwordErrors", FormErrors.NONE);
        }
        return "console/data/user";
    }

    /** A form without a name field keeps the name; one with an empty name clears it. */
    @PostMapping("/console/data/users/{userId}")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    String change(@AuthenticationPrincipal Actor actor, @PathVariable UUID userId,
                  @RequestParam(required = false) String name, @RequestParam(required = false) String role,
                  @RequestParam(required = false) List<String> storeCodes, HttpServletResponse response,
                  Model model, RedirectAttributes flash) {
        StaffUser current = staff.get(actor, userId);
        String newName = name == null ? current.name() : blankToNull(name);
        try {
            staff.update(actor, userId, newName, role(role), storeCodes);
            flash.addFlashAttribute("notice", "changed");
            return "redirect:/console/data/users/" + userId;
        } catch (ProblemException problem) {
            refusedAtForm(problem, response, model);
            model.addAttribute("draft", new Draft(current.email(), newName, role, storeCodes));
            return one(actor, userId, model);
        }
    }

    @PostMapping("/console/data/users/{userId}/password")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    String password(@AuthenticationPrincipal Actor actor, @PathVariable UUID userId,
                    @RequestParam(required = false) String password, HttpServletResponse response, Model model,
                    RedirectAttributes flash) {
        try {
            staff.setPassword(actor, userId, password);
            flash.addFlashAttribute("notice", "password");
            return "redirect:/console/data/users/" + userId;
        } catch (ProblemException problem) {
            refusedAtForm(problem, response, model);
            model.addAttribute("passwordErrors", model.getAttribute("errors"));
            model.addAttribute("errors", FormErrors.NONE);
            return one(actor, userId, model);
        }
    }

    @PostMapping("/console/data/users/{userId}/disable")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    String disable(@AuthenticationPrincipal Actor actor, @PathVariable UUID userId, HttpServletResponse response,
                   Model model, RedirectAttributes flash) {
        try {
            staff.disable(actor, userId);
            flash.addFlashAttribute("notice", "disabled");
            return "redirect:/console/data/users/" + userId;
        } catch (ProblemException problem) {
            refusedAtForm(problem, response, model);
            return one(actor, userId, model);
        }
    }

    /**
     * The stores the form offers: the open ones, and any archived store the user is still bound to, so that saving
     * the form keeps a binding the admin did not untick.
     */
    @SuppressWarnings("unchecked")
    private List<StoreRef> bindable(Actor actor, StaffUser user, Model model) {
        List<StoreRef> offered = new java.util.ArrayList<>((List<StoreRef>) model.getAttribute("stores"));
        for (String code : user.storeCodes()) {
            if (offered.stream().noneMatch(s -> s.code().equals(code))) {
                stores.findByCode(actor.tenantId(), code).ifPresent(offered::add);
            }
        }
        return offered;
    }

    /**
     * A refusal about the form (400, or 409 such as the last admin) is shown on the page with its status; one about
     * the caller or the account (403, 404) is the problem page.
     */
    private static void refusedAtForm(ProblemException problem, HttpServletResponse response, Model model) {
        int status = problem.status().value();
        if (status != 400 && status != 409) {
            throw problem;
        }
        response.setStatus(status);
        model.addAttribute("errors", FormErrors.of(problem));
    }

    private static Role role(String value) {
        return value == null ? null : Role.of(value.strip()).orElseThrow(() ->
                ProblemException.invalid("role", "must be admin, marketer or store_manager"));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}

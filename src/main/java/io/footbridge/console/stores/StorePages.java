package io.footbridge.console.stores;

import io.footbridge.console.web.FormErrors;
import io.footbridge.console.web.Listing;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreSetup;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The tenant's stores: list them, open one (tenant admins), change its name, country, clock, money or hours. */
@Controller
class StorePages {

    private static final int ROWS = 50;
    /** The clocks a store can keep, as the time-zone database names them. */
    static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream().filter(z -> z.contains("/"))
            .filter(z -> !z.startsWith("Etc/") && !z.startsWith("SystemV/")).sorted().toList();
    private static final Map<String, String> FIELDS = Map.of("code", "storeCode", "name", "storeName");

    private final StoreSetup stores;

    StorePages(StoreSetup stores) {
        this.stores = stores;
    }

    @GetMapping("/console/stores/list")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    String list(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "0") int offset, Model model) {
        if (offset < 0) {
            throw ProblemException.invalid("offset", "must not be negative");
        }
        List<StoreSetup.StoreDetails> page = stores.list(actor, ROWS + 1, offset);
        model.addAttribute("list", Listing.of(page, ROWS, s -> String.valueOf(offset + ROWS)));
        Map<UUID, String> openToday = new java.util.HashMap<>();
        for (StoreSetup.StoreDetails s : page) {
            openToday.put(s.id(), s.hours().get(LocalDate.now(ZoneId.of(s.timeZone())).getDayOfWeek()));
        }
        model.addAttribute("openToday", openToday);
        model.addAttribute("weekdays", DayOfWeek.values());
        model.addAttribute("mayCreate", actor.isTenantAdmin());
        model.addAttribute("zones", ZONES);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", FormErrors.NONE);
            model.addAttribute("draft", new StoreSetup.StoreForm(null, null, "DE", "Europe/Berlin", "EUR"));
        }
        return "console/stores/stores";
    }

    @PostMapping("/console/stores/list")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    String create(@AuthenticationPrincipal Actor actor, @RequestParam Map<String, String> form, Model model,
                  RedirectAttributes flash) {
        StoreSetup.StoreForm draft = form(form);
        try {
            stores.create(actor, draft);
            flash.addFlashAttribute("notice", "created");
            return "redirect:/console/stores/list";
        } catch (ProblemException problem) {
            model.addAttribute("errors", Shown.errors(problem, FIELDS));
            model.addAttribute("draft", draft);
            return list(actor, 0, model);
        }
    }

    @GetMapping("/console/stores/list/{storeId}")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    String store(@AuthenticationPrincipal Actor actor, @PathVariable UUID storeId, Model model) {
        StoreSetup.StoreDetails store = stores.get(actor, storeId);
        model.addAttribute("store", store);
        model.addAttribute("zones", ZONES);
        model.addAttribute("mayChangeCode", actor.isTenantAdmin());
        model.addAttribute("weekdays", DayOfWeek.values());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", FormErrors.NONE);
            model.addAttribute("draft", new StoreSetup.StoreForm(store.code(), store.name(), store.country(),
                    store.timeZone(), store.currency(), store.hours()));
        }
        return "console/stores/store";
    }

    @PostMapping("/console/stores/list/{storeId}")
    @PreAuthorize("hasAuthority('SCOPE_stores:write')")
    String change(@AuthenticationPrincipal Actor actor, @PathVariable UUID storeId,
                  @RequestParam Map<String, String> form, Model model, RedirectAttributes flash) {
        StoreSetup.StoreForm draft = form(form);
        if (draft.code() == null) {
            draft = new StoreSetup.StoreForm(stores.get(actor, storeId).code(), draft.name(), draft.country(),
                    draft.timeZone(), draft.currency(), draft.hours());
        }
        try {
            stores.change(actor, storeId, draft);
            flash.addFlashAttribute("notice", "changed");
            return "redirect:/console/stores/list/" + storeId;
        } catch (ProblemException problem) {
            model.addAttribute("errors", Shown.errors(problem, FIELDS));
            model.addAttribute("draft", draft);
            return store(actor, storeId, model);
        }
    }

    private static StoreSetup.StoreForm form(Map<String, String> form) {
        Map<DayOfWeek, String> hours = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            hours.put(day, form.getOrDefault("hours." + day.name().toLowerCase(java.util.Locale.ROOT), ""));
        }
        return new StoreSetup.StoreForm(form.get("storeCode"), form.get("storeName"), upper(form.get("country")),
                form.get("timeZone"), upper(form.get("currency")), hours);
    }

    private static String upper(String text) {
        return text == null ? null : text.strip().toUpperCase(java.util.Locale.ROOT);
    }
}

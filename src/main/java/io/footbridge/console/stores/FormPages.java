package io.footbridge.console.stores;

import io.footbridge.hosted.StoreForms;
import io.footbridge.loyalty.LoyaltyTiers;
import io.footbridge.console.web.FormErrors;
import io.footbridge.console.web.Listing;
import io.footbridge.console.web.Picks;
import io.footbridge.platform.Actor;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Scope;
import io.footbridge.platform.StoreRef;
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
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Loyalty sign-up forms and listed events: create them, see registrations against capacity, the check-in list. */
@Controller
class FormPages {

    private static final int TICKETS = 50;
    private static final Map<String, String> FIELDS = Map.of("store", "formStore", "title", "formTitle");
    private static final Map<String, String> EVENT_FIELDS = Map.of("store", "eventStore");

    private final StoreForms forms;
    private final LoyaltyTiers tiers;

    FormPages(StoreForms forms, LoyaltyTiers tiers) {
        this.tiers = tiers;
        this.forms = forms;
    }

    @GetMapping("/console/stores/forms")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    String forms(@AuthenticationPrincipal Actor actor, Model model) {
        Picks picks = Shown.picks(model);
        model.addAttribute("forms", forms.signupForms(actor));
        model.addAttribute("events", forms.events(actor, PlacementPages.storeCode(picks)));
        model.addAttribute("mayWrite", actor.has(Scope.STORES_WRITE));
        model.addAttribute("loyaltyTiers", String.join(", ", tiers.names(actor.tenantId())));
        for (String errors : List.of("formErrors", "eventErrors")) {
            if (!model.containsAttribute(errors)) {
                model.addAttribute(errors, FormErrors.NONE);
            }
        }
        if (!model.containsAttribute("formDraft")) {
            model.addAttribute("formDraft", Map.of());
        }
        if (!model.containsAttribute("eventDraft")) {
            model.addAttribute("eventDraft", Map.of());
        }
        return "console/stores/forms";
    }

    @PostMapping("/console/stores/forms")
    @PreAuthorize("hasAuthority('SCOPE_stores:write')")
    String createForm(@AuthenticationPrincipal Actor actor, @RequestParam Map<String, String> form, Model model,
                      RedirectAttributes flash) {
        try {
            forms.createSignupForm(actor, new StoreForms.NewSignupForm(form.get("formStore"), form.get("formTitle"),
                    form.get("program"), form.get("terms"), form.get("marketingEmail"), form.get("marketingSms"),
                    form.get("club")));
            flash.addFlashAttribute("notice", "formCreated");
            return "redirect:/console/stores/forms";
        } catch (ProblemException problem) {
            model.addAttribute("formErrors", Shown.errors(problem, FIELDS));
            model.addAttribute("formDraft", form);
            return forms(actor, model);
        }
    }

    @PostMapping("/console/stores/events")
    @PreAuthorize("hasAuthority('SCOPE_stores:write')")
    String createEvent(@AuthenticationPrincipal Actor actor, @RequestParam Map<String, String> form, Model model,
                       RedirectAttributes flash) {
        try {
            List<FieldError> wrong = new ArrayList<>();
            StoreRef store = store(model, form.get("eventStore"));
            Instant startsAt = when(form.get("startsAt"), store, "startsAt", wrong);
            Instant endsAt = when(form.get("endsAt"), store, "endsAt", wrong);
            Integer capacity = number(form.get("capacity"), "capacity", wrong);
            Integer maxSeats = form.getOrDefault("maxSeats", "").isBlank() ? null
                    : number(form.get("maxSeats"), "maxSeats", wrong);
            if (!wrong.isEmpty()) {
                throw ProblemException.invalid(wrong);
            }
            StoreForms.ListedEvent event = forms.createEvent(actor, new StoreForms.NewListedEvent(
                    store == null ? null : store.code(), form.get("eventCode"), form.get("title"),
                    form.get("description"), startsAt, endsAt, capacity, maxSeats,
                    java.util.Arrays.stream(form.getOrDefault("tiers", "").split(",")).map(String::strip)
                            .filter(t -> !t.isEmpty()).toList()));
            flash.addFlashAttribute("notice", "eventCreated");
            return "redirect:/console/stores/events/" + event.id();
        } catch (ProblemException problem) {
            model.addAttribute("eventErrors", Shown.errors(problem, EVENT_FIELDS));
            model.addAttribute("eventDraft", form);
            return forms(actor, model);
        }
    }

    @GetMapping("/console/stores/events/{eventId}")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    String event(@AuthenticationPrincipal Actor actor, @PathVariable UUID eventId,
                 @RequestParam(defaultValue = "0") int offset, Model model) {
        if (offset < 0) {
            throw ProblemException.invalid("offset", "must not be negative");
        }
        model.addAttribute("event", forms.event(actor, eventId));
        model.addAttribute("tickets", Listing.of(forms.tickets(actor, eventId, TICKETS + 1, offset), TICKETS,
                t -> String.valueOf(offset + TICKETS)));
        model.addAttribute("mayCheckIn", actor.has(Scope.STORES_WRITE) || actor.has(Scope.POS));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", FormErrors.NONE);
        }
        return "console/stores/event";
    }

    @PostMapping("/console/stores/events/{eventId}/check-ins")
    @PreAuthorize("hasAnyAuthority('SCOPE_stores:write', 'SCOPE_pos')")
    String checkIn(@AuthenticationPrincipal Actor actor, @PathVariable UUID eventId,
                   @RequestParam(required = false) String ticket, Model model, RedirectAttributes flash) {
        try {
            StoreForms.Ticket checked = forms.checkIn(actor, ticket);
            if (!checked.eventId().equals(eventId)) {
                // checked in all the same: the ticket is valid, only for another event; say which
                flash.addFlashAttribute("otherEvent", checked.eventTitle());
            }
            flash.addFlashAttribute("checkedIn", checked);
            return "redirect:/console/stores/events/" + eventId;
        } catch (ProblemException problem) {
            model.addAttribute("errors", problem.errors().isEmpty()
                    ? FormErrors.field("ticket", problem.getMessage()) : FormErrors.of(problem));
            model.addAttribute("ticket", ticket);
            return event(actor, eventId, 0, model);
        }
    }

    @SuppressWarnings("unchecked")
    private static StoreRef store(Model model, String code) {
        List<StoreRef> stores = (List<StoreRef>) model.getAttribute("stores");
        return stores == null || code == null ? null
                : stores.stream().filter(s -> s.code().equals(code)).findFirst().orElse(null);
    }

    /** A time as typed in a datetime-local field, on the store's clock. */
    private static Instant when(String typed, StoreRef store, String field, List<FieldError> wrong) {
        if (typed == null || typed.isBlank()) {
            wrong.add(new FieldError(field, "is required"));
            return null;
        }
        try {
            LocalDateTime local = LocalDateTime.parse(typed.strip());
            return store == null ? null : local.atZone(store.timeZone()).toInstant();
        } catch (DateTimeParseException e) {
            wrong.add(new FieldError(field, "is not a date and time"));
            return null;
        }
    }

    private static Integer number(String typed, String field, List<FieldError> wrong) {
        try {
            return Integer.valueOf(typed == null ? "" : typed.strip());
        } catch (NumberFormatException e) {
            wrong.add(new FieldError(field, "is not a whole number"));
            return null;
        }
    }
}

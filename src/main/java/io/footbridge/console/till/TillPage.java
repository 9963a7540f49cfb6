package io.footbridge.console.till;

import io.footbridge.hosted.StoreForms;
import io.footbridge.console.web.FormErrors;
import io.footbridge.console.web.Money;
import io.footbridge.console.web.Picks;
import io.footbridge.loyalty.LoyaltyMembers;
import io.footbridge.offers.TillCoupons;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Scope;
import io.footbridge.platform.StoreRef;
import io.footbridge.profile.Customers;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The till: one page for store staff on a phone or a till's browser. Find a customer, check and redeem a coupon
 * (typed, or read by the camera where the browser can), check a ticket in, sign a customer up with the wording of
 * the store's form. Every form posts back to this page, which shows its outcome or its errors next to the fields.
 */
@Controller
class TillPage {

    private static final int FOUND = 10;

    private final Customers customers;
    private final TillCoupons coupons;
    private final StoreForms forms;
    private final LoyaltyMembers loyalty;

    TillPage(Customers customers, TillCoupons coupons, StoreForms forms, LoyaltyMembers loyalty) {
        this.customers = customers;
        this.coupons = coupons;
        this.forms = forms;
        this.loyalty = loyalty;
    }

    @GetMapping("/console/till")
    @PreAuthorize("hasAnyAuthority('SCOPE_pos', 'SCOPE_profiles:read')")
    String till(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String q,
                @RequestParam(required = false) String country, Model model) {
        if (q != null) {
            model.addAttribute("q", q);
            model.addAttribute("country", country);
            try {
                var found = customers.search(actor, q, country, FOUND).stream()
                        .map(id -> customers.view(actor, id)).toList();
                model.addAttribute("found", found);
                // the member's points in the same look-up, by the person or by the number typed
                Map<UUID, LoyaltyMembers.Member> points = new java.util.HashMap<>();
                found.forEach(c -> loyalty.findByProfile(actor, c.id()).ifPresent(m -> points.put(c.id(), m)));
                model.addAttribute("points", points);
                if (points.isEmpty()) {
                    loyalty.find(actor, q).ifPresent(m -> model.addAttribute("member", m));
                }
            } catch (ProblemException problem) {
                model.addAttribute("findErrors", FormErrors.of(problem));
            }
        }
        return page(actor, model);
    }

    @PostMapping("/console/till/coupon")
    @PreAuthorize("hasAuthority('SCOPE_pos')")
    String coupon(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String code,
                  @RequestParam(required = false) String total, @RequestParam(required = false) String transactionId,
                  @RequestParam(defaultValue = "validate") String step, Model model) {
        model.addAttribute("code", code);
        model.addAttribute("total", total);
        StoreRef store = store(model);
        try {
            if (store == null) {
                throw ProblemException.invalid("store", "pick the store this till is in");
            }
            TillCoupons.Basket basket = new TillCoupons.Basket(store.code(),
                    Money.minor(total, store.currency(), "total"), store.currency());
            if (step.equals("redeem")) {
                model.addAttribute("redeemed", coupons.redeem(actor, code, basket, transactionId));
            } else {
                TillCoupons.Check check = coupons.validate(actor, code, basket);
                model.addAttribute("check", check);
                // the same sale redeems with the same id, so a second press or a reload cannot redeem twice
                model.addAttribute("transactionId", transactionId == null || transactionId.isBlank()
                        ? "till-" + UUID.randomUUID() : transactionId);
            }
        } catch (ProblemException problem) {
            model.addAttribute("couponErrors", problem.errors().isEmpty()
                    ? FormErrors.field("code", problem.getMessage()) : FormErrors.of(problem));
            model.addAttribute("transactionId", transactionId);
        }
        return page(actor, model);
    }

    @PostMapping("/console/till/ticket")
    @PreAuthorize("hasAnyAuthority('SCOPE_pos', 'SCOPE_stores:write')")
    String ticket(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String ticket, Model model) {
        try {
            model.addAttribute("checkedIn", forms.checkIn(actor, ticket));
        } catch (ProblemException problem) {
            model.addAttribute("ticket", ticket);
            model.addAttribute("ticketErrors", problem.errors().isEmpty()
                    ? FormErrors.field("ticket", problem.getMessage()) : FormErrors.of(problem));
        }
        return page(actor, model);
    }

    @PostMapping("/console/till/signup")
    @PreAuthorize("hasAuthority('SCOPE_pos')")
    String signup(@AuthenticationPrincipal Actor actor, @RequestParam UUID form,
                  @RequestParam Map<String, String> fields, Model model) {
        StoreForms.TillSignup answer = new StoreForms.TillSignup(fields.get("firstName"), fields.get("lastName"),
                fields.get("email"), fields.get("phone"), fields.containsKey("terms"),
                fields.containsKey("marketingEmail"), fields.containsKey("marketingSms"), fields.containsKey("club"));
        StoreRef store = store(model);
        if (store == null) {
            // the page offers no sign-up without a store; a form posted from an old page says why
            model.addAttribute("signupErrors", new FormErrors("Pick the store this till is in.", Map.of()));
            return page(actor, model);
        }
        try {
            forms.signUp(actor, form, store.code(), answer);
            model.addAttribute("signedUp", answer.email());
        } catch (ProblemException problem) {
            model.addAttribute("signup", answer);
            model.addAttribute("signupErrors", FormErrors.of(problem));
        }
        return page(actor, model);
    }

    private String page(Actor actor, Model model) {
        StoreRef store = store(model);
        model.addAttribute("till", store);
        model.addAttribute("mayRedeem", actor.has(Scope.POS));
        model.addAttribute("mayCheckIn", actor.has(Scope.POS) || actor.has(Scope.STORES_WRITE));
        if (store != null && actor.has(Scope.POS)) {
            model.addAttribute("form", forms.signupFormFor(actor, store.code()).orElse(null));
        }
        for (String errors : List.of("findErrors", "couponErrors", "ticketErrors", "signupErrors")) {
            if (!model.containsAttribute(errors)) {
                model.addAttribute(errors, FormErrors.NONE);
            }
        }
        return "console/till/till";
    }

    /** The store this till is in: the one picked, or the caller's only store. */
    @SuppressWarnings("unchecked")
    private static StoreRef store(Model model) {
        Picks picks = (Picks) model.getAttribute("picks");
        if (picks != null && picks.store() != null) {
            return picks.store();
        }
        List<StoreRef> stores = (List<StoreRef>) model.getAttribute("stores");
        return stores != null && stores.size() == 1 ? stores.get(0) : null;
    }
}

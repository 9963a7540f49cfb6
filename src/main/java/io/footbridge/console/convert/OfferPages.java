package io.footbridge.console.convert;

import io.footbridge.console.web.FormErrors;
import io.footbridge.console.web.Listing;
import io.footbridge.loyalty.LoyaltyTiers;
import io.footbridge.offers.OfferCatalog;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.io.IOException;
import java.util.UUID;

/** Offers: the list, a new offer with its rules, changing one, its figures, codes for print, archiving. */
@Controller
class OfferPages {

    static final int ROWS = 20;

    private final OfferCatalog offers;
    private final LoyaltyTiers tiers;

    OfferPages(OfferCatalog offers, LoyaltyTiers tiers) {
        this.offers = offers;
        this.tiers = tiers;
    }

    @GetMapping("/console/convert/offers")
    @PreAuthorize("hasAnyAuthority('SCOPE_offers:write', 'SCOPE_analytics:read')")
    String list(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String status,
                @RequestParam(defaultValue = "0") int from, Model model) {
        String shown = status == null || status.isBlank() ? null : status;
        int offset = Math.max(0, from);
        var rows = offers.list(actor, shown, ROWS + 1, offset);
        model.addAttribute("offers", Listing.of(rows, ROWS, last -> String.valueOf(offset + ROWS)));
        model.addAttribute("status", shown);
        model.addAttribute("statuses", OfferCatalog.STATUSES);
        model.addAttribute("mayChange", mayChange(actor));
        return "console/convert/offers";
    }

    @GetMapping("/console/convert/offers/new")
    @PreAuthorize("hasAuthority('SCOPE_offers:write')")
    String blank(@AuthenticationPrincipal Actor actor, Model model) {
        requireTenantWide(actor);
        return form(actor, null, OfferForm.EMPTY, FormErrors.NONE, model);
    }

    @PostMapping("/console/convert/offers")
    @PreAuthorize("hasAuthority('SCOPE_offers:write')")
    String create(@AuthenticationPrincipal Actor actor, @ModelAttribute OfferForm form, Model model,
                  RedirectAttributes flash) {
        requireTenantWide(actor);
        try {
            OfferCatalog.Offer offer = offers.create(actor, form.rules());
            flash.addFlashAttribute("notice", "created");
            return "redirect:/console/convert/offers/" + offer.id();
        } catch (ProblemException problem) {
            return form(actor, null, form, FormErrors.of(problem), model);
        }
    }

    @GetMapping("/console/convert/offers/{offerId}")
    @PreAuthorize("hasAnyAuthority('SCOPE_offers:write', 'SCOPE_analytics:read')")
    String offer(@AuthenticationPrincipal Actor actor, @PathVariable UUID offerId, Model model) {
        OfferCatalog.Offer offer = offers.get(actor, offerId);
        model.addAttribute("offer", offer);
        model.addAttribute("stats", offers.stats(actor, offerId));
        model.addAttribute("mayChange", mayChange(actor));
        model.addAttribute("errors", FormErrors.NONE);
        return "console/convert/offer";
    }

    @GetMapping("/console/convert/offers/{offerId}/edit")
    @PreAuthorize("hasAuthority('SCOPE_offers:write')")
    String edit(@AuthenticationPrincipal Actor actor, @PathVariable UUID offerId, Model model) {
        requireTenantWide(actor);
        return form(actor, offers.get(actor, offerId), OfferForm.of(offers.get(actor, offerId).rules()),
                FormErrors.NONE,
                model);
    }

    @PostMapping("/console/convert/offers/{offerId}")
    @PreAuthorize("hasAuthority('SCOPE_offers:write')")
    String change(@AuthenticationPrincipal Actor actor, @PathVariable UUID offerId, @ModelAttribute OfferForm form,
                  Model model, RedirectAttributes flash) {
        requireTenantWide(actor);
        try {
            offers.change(actor, offerId, form.rules());
            flash.addFlashAttribute("notice", "changed");
            return "redirect:/console/convert/offers/" + offerId;
        } catch (ProblemException problem) {
            return form(actor, offers.get(actor, offerId), form, FormErrors.of(problem), model);
        }
    }

    @PostMapping("/console/convert/offers/{offerId}/archive")
    @PreAuthorize("hasAuthority('SCOPE_offers:write')")
    String archive(@AuthenticationPrincipal Actor actor, @PathVariable UUID offerId, RedirectAttributes flash) {
        requireTenantWide(actor);
        offers.archive(actor, offerId);
        flash.addFlashAttribute("notice", "archived");
        return "redirect:/console/convert/offers/" + offerId;
    }

    /** Codes for print, downloaded as CSV while they are stored; a refused request comes back on the offer page. */
    @PostMapping("/console/convert/offers/{offerId}/codes")
    @PreAuthorize("hasAuthority('SCOPE_offers:write')")
    String codes(@AuthenticationPrincipal Actor actor, @PathVariable UUID offerId,
                 @RequestParam(required = false) String count, HttpServletResponse response, Model model) {
        requireTenantWide(actor);
        int wanted;
        try {
            wanted = Integer.parseInt(count == null ? "" : count.strip());
        } catch (NumberFormatException e) {
            return refused(actor, offerId, FormErrors.field("count", "is not a whole number"), model);
        }
        Download download = new Download(response, "codes-" + offerId + ".csv");
        try {
            offers.generateCsv(actor, offerId, wanted, download);
        } catch (ProblemException problem) {
            if (download.started) {
                throw problem;
            }
            return refused(actor, offerId, problem.errors().isEmpty()
                    ? FormErrors.field("count", problem.getMessage()) : FormErrors.of(problem), model);
        }
        return null; // written: the response parameter marks the request handled
    }

    /** The response as a CSV attachment from its first byte on; until then the page may still answer instead. */
    private static final class Download extends java.io.OutputStream {

        private final HttpServletResponse response;
        private final String filename;
        private java.io.OutputStream out;
        private boolean started;

        Download(HttpServletResponse response, String filename) {
            this.response = response;
            this.filename = filename;
        }

        @Override
        public void write(int b) throws IOException {
            start().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            start().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            start().flush();
        }

        private java.io.OutputStream start() throws IOException {
            if (out == null) {
                started = true;
                response.setContentType("text/csv;charset=UTF-8");
                response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"");
                out = response.getOutputStream();
            }
            return out;
        }
    }

    private String refused(Actor actor, UUID offerId, FormErrors errors, Model model) {
        offer(actor, offerId, model);
        model.addAttribute("errors", errors);
        return "console/convert/offer";
    }

    private String form(Actor actor, OfferCatalog.Offer offer, OfferForm form, FormErrors errors, Model model) {
        model.addAttribute("offer", offer);
        model.addAttribute("loyaltyTiers", String.join(", ", tiers.names(actor.tenantId())));
        model.addAttribute("form", form);
        model.addAttribute("types", OfferCatalog.TYPES);
        model.addAttribute("errors", errors);
        return "console/convert/offer-form";
    }

    /** Offers are the whole tenant's: store-bound accounts read them but change none, as in the API. */
    private static boolean mayChange(Actor actor) {
        return actor.allStores() && actor.has(io.footbridge.platform.Scope.OFFERS_WRITE);
    }

    private static void requireTenantWide(Actor actor) {
        if (!actor.allStores()) {
            throw ProblemException.forbidden("Offers are the whole tenant's: changing them needs tenant-wide"
                    + " credentials.");
        }
    }
}

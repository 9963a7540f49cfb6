package io.footbridge.console.loyalty;

import io.footbridge.console.web.FormErrors;
import io.footbridge.journeys.Journeys;
import io.footbridge.loyalty.LoyaltyMembers;
import io.footbridge.loyalty.LoyaltyWallets;
import io.footbridge.offers.OfferCatalog;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Scope;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.List;

/**
 * Loyalty: the members with their balances and tiers (searched by loyalty number) and how tiers are spread, the
 * programme as JSON (the API's body, so both say the same), and one member's ledger with a staff adjustment.
 */
@Controller
class LoyaltyPages {

    static final int PAGE = 50;
    static final String EXAMPLE = """
            {
              "currency": "EUR",
              "pointsPerUnit": 1,
              "unit": 100,
              "pendingDays": 14,
              "expiry": {"months": 24},
              "multipliers": [{"category": "hair", "factor": 2}],
              "bonuses": {"join": 50, "wifi.login": 5, "survey.answered": 20, "event.checkin": 30,
                          "birthday": 100, "referral": 200},
              "dailyCap": 2000,
              "tiers": [{"name": "Silver", "threshold": 500}, {"name": "Gold", "threshold": 2000, "multiplier": 1.5}],
              "tierMonths": 12,
              "rewards": [{"id": "coffee", "name": "Free coffee", "points": 300}],
              "expiryReminderDays": 14,
              "promotions": [{"name": "Double points weekend", "factor": 2,
                              "from": "2026-11-28T00:00:00", "to": "2026-11-30T00:00:00"}]
            }""";

    private final LoyaltyMembers members;
    private final LoyaltyWallets wallets;
    private final Journeys journeys;
    private final OfferCatalog offers;

    LoyaltyPages(LoyaltyMembers members, LoyaltyWallets wallets, Journeys journeys, OfferCatalog offers) {
        this.members = members;
        this.wallets = wallets;
        this.journeys = journeys;
        this.offers = offers;
    }

    @GetMapping("/console/loyalty")
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    String overview(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String q,
                    @RequestParam(defaultValue = "0") int offset, Model model) {
        int from = Math.max(0, offset);
        model.addAttribute("running", members.running(actor.tenantId()));
        model.addAttribute("q", q);
        model.addAttribute("noErrors", FormErrors.NONE);
        model.addAttribute("offset", from);
        model.addAttribute("page", PAGE);
        var list = members.list(actor, q, from, PAGE + 1);
        model.addAttribute("more", list.size() > PAGE);
        model.addAttribute("members", list.subList(0, Math.min(PAGE, list.size())));
        model.addAttribute("tiers", members.tierDistribution(actor));
        model.addAttribute("mayChange", actor.has(Scope.OFFERS_WRITE) && actor.allStores());
        return "console/loyalty/overview";
    }

    @GetMapping("/console/loyalty/program")
    @PreAuthorize("hasAuthority('SCOPE_offers:write')")
    String programme(@AuthenticationPrincipal Actor actor, Model model) {
        return form(actor, members.programme(actor.tenantId()).orElse(EXAMPLE), FormErrors.NONE, model);
    }

    @PostMapping("/console/loyalty/program")
    @PreAuthorize("hasAuthority('SCOPE_offers:write')")
    String saveProgramme(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String programme,
                         Model model, RedirectAttributes flash) {
        try {
            members.saveProgramme(actor, programme);
            flash.addFlashAttribute("notice", "saved");
            return "redirect:/console/loyalty";
        } catch (ProblemException problem) {
            return form(actor, programme, FormErrors.of(problem), model);
        }
    }

    private String form(Actor actor, String programme, FormErrors errors, Model model) {
        model.addAttribute("programme", programme);
        // the running offers a reward may issue, with the id its "offer" field takes
        model.addAttribute("offers", offers.list(actor, "active", 100, 0));
        model.addAttribute("errors", errors);
        return "console/loyalty/programme";
    }

    @GetMapping("/console/loyalty/member")
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    String member(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String number,
                  Model model) {
        if (number == null || number.isBlank()) {
            return "redirect:/console/loyalty";
        }
        LoyaltyMembers.Member member = members.find(actor, number)
                .orElseThrow(() -> ProblemException.notFound("member", number));
        model.addAttribute("member", member);
        List<LoyaltyMembers.Entry> entries = members.ledger(actor, number, 200);
        model.addAttribute("entries", entries);
        // points a journey gave or took name it (its actor is "journey ID vN"): its name, for those who may read it
        boolean fromJourneys = entries.stream().anyMatch(e -> "journey".equals(e.source()));
        model.addAttribute("journeyNames", fromJourneys && actor.has(Scope.JOURNEYS_READ) && actor.allStores()
                ? journeys.list(actor).stream().collect(java.util.stream.Collectors.toMap(j -> j.id().toString(),
                Journeys.Journey::name)) : java.util.Map.of());
        model.addAttribute("tierChanges", members.tierHistory(actor, number));
        model.addAttribute("referral", members.referral(actor, number));
        model.addAttribute("mayAdjust", actor.has(Scope.PROFILES_WRITE));
        model.addAttribute("mayDebt", actor.isTenantAdmin());
        model.addAttribute("appleOwn", wallets.appleConfigured(actor));
        model.addAttribute("memberPage", wallets.memberPageUrl(actor, number));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", FormErrors.NONE);
        }
        return "console/loyalty/member";
    }

    @PostMapping("/console/loyalty/member/adjust")
    @PreAuthorize("hasAuthority('SCOPE_profiles:write')")
    String adjust(@AuthenticationPrincipal Actor actor, @RequestParam String number,
                  @RequestParam(required = false) String points, @RequestParam(required = false) String reason,
                  @RequestParam(required = false) String allowDebt, Model model, RedirectAttributes flash) {
        try {
            long amount;
            try {
                amount = Long.parseLong(points == null ? "" : points.strip());
            } catch (NumberFormatException e) {
                throw ProblemException.invalid("points", "is not a whole number");
            }
            members.adjust(actor, number, amount, reason, allowDebt != null);
            flash.addFlashAttribute("notice", "adjusted");
            return "redirect:" + UriComponentsBuilder.fromPath("/console/loyalty/member").queryParam("number", number)
                    .encode().build().toUriString();
        } catch (ProblemException problem) {
            model.addAttribute("errors", problem.errors().isEmpty()
                    ? FormErrors.field("points", problem.getMessage()) : FormErrors.of(problem));
            model.addAttribute("points", points);
            model.addAttribute("reason", reason);
            return member(actor, number, model);
        }
    }

    /** The member's Apple Wallet card, for staff to hand over (AirDrop, e-mail) or open on a test phone. */
    @GetMapping(value = "/console/loyalty/member/pass.pkpass", produces = "application/vnd.apple.pkpass")
    @PreAuthorize("hasAnyAuthority('SCOPE_pos', 'SCOPE_profiles:read')")
    ResponseEntity<byte[]> applePass(@AuthenticationPrincipal Actor actor, @RequestParam String number) {
        return ResponseEntity.ok().header("Content-Disposition", "attachment; filename=\"card.pkpass\"")
                .contentType(MediaType.parseMediaType("application/vnd.apple.pkpass"))
                .body(wallets.applePass(actor, number));
    }

    /** Sends staff on to Google's save page; without a Google issuer back to the member with a notice. */
    @GetMapping("/console/loyalty/member/google-wallet")
    @PreAuthorize("hasAnyAuthority('SCOPE_pos', 'SCOPE_profiles:read')")
    String googleWallet(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String number,
                        RedirectAttributes flash) {
        if (number == null || number.isBlank()) {
            return "redirect:/console/loyalty";
        }
        return wallets.googleSaveUrl(actor, number).map(url -> "redirect:" + url).orElseGet(() -> {
            flash.addFlashAttribute("notice", "googleWalletMissing");
            return "redirect:" + UriComponentsBuilder.fromPath("/console/loyalty/member").queryParam("number", number)
                    .encode().build().toUriString();
        });
    }

    @GetMapping("/console/loyalty/wallet")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    String walletIssuers(@AuthenticationPrincipal Actor actor, Model model) {
        model.addAttribute("issuers", wallets.issuers(actor));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", FormErrors.NONE);
        }
        return "console/loyalty/wallet";
    }

    /** The key goes in and is never shown again: a failed form keeps the ids, not the key. */
    @PostMapping("/console/loyalty/wallet/google")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    String saveGoogleIssuer(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String issuerId,
                            @RequestParam(required = false) String serviceAccountEmail,
                            @RequestParam(required = false) String privateKeyPem, Model model,
                            RedirectAttributes flash) {
        try {
            wallets.setGoogle(actor, issuerId, serviceAccountEmail, privateKeyPem);
            flash.addFlashAttribute("notice", "walletSaved");
            return "redirect:/console/loyalty/wallet";
        } catch (ProblemException problem) {
            model.addAttribute("errors", FormErrors.of(problem));
            model.addAttribute("issuerId", issuerId);
            model.addAttribute("serviceAccountEmail", serviceAccountEmail);
            return walletIssuers(actor, model);
        }
    }

    /** The console reads no multipart bodies but the imports', so the PKCS#12 file comes pasted as base64. */
    @PostMapping("/console/loyalty/wallet/apple")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    String saveAppleIssuer(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String passTypeId,
                           @RequestParam(required = false) String teamId,
                           @RequestParam(required = false) String certificate,
                           @RequestParam(required = false) String password, Model model, RedirectAttributes flash) {
        try {
            wallets.setApple(actor, passTypeId, teamId, certificate, password);
            flash.addFlashAttribute("notice", "walletSaved");
            return "redirect:/console/loyalty/wallet";
        } catch (ProblemException problem) {
            model.addAttribute("errors", FormErrors.of(problem));
            model.addAttribute("passTypeId", passTypeId);
            model.addAttribute("teamId", teamId);
            return walletIssuers(actor, model);
        }
    }
}

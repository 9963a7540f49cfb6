package io.footbridge.console.data;

import io.footbridge.console.web.FormErrors;
import io.footbridge.platform.Actor;
import io.footbridge.platform.Brand;
import io.footbridge.platform.BrandKit;
import io.footbridge.platform.Brands;
import io.footbridge.platform.ProblemException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The brand kit: the brand's fields with a preview that follows the draft (htmx posts it as a field changes and
 * swaps in its contrasts and a frame of the hosted pages in it), and saving it with the API's rules. Everyone who
 * reads stores sees it; tenant admins change it.
 */
@Controller
class BrandPages {

    /** The languages the hosted pages speak. */
    private static final List<String> LANGUAGES = List.of("en", "de");
    /**
     * The framed sample shows what a customer would see, and nothing may run or be sent from it: no scripts, no
     * form submissions, https images only (a logo), and only the console may frame it.
     */
    private static final String FRAME_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src https:;"
            + " form-action 'none'; base-uri 'none'; frame-ancestors 'self'";
    /** The hosted pages' own texts the sample shows, in the brand's language rather than the console's. */
    private static final Map<String, String> SAMPLE_TEXTS = Map.of("signup", "console.brand.sample.signup",
            "email", "form.email", "accept", "form.terms.accept", "join", "form.join", "receipt", "receipt.title",
            "item", "receipt.item", "amount", "receipt.amount", "product", "console.brand.sample.item",
            "coupon", "coupon.title", "privacy", "wifi.privacy");

    private final BrandKit kit;
    private final Brands brands;
    private final MessageSource messages;

    BrandPages(BrandKit kit, Brands brands, MessageSource messages) {
        this.kit = kit;
        this.brands = brands;
        this.messages = messages;
    }

    @GetMapping("/console/data/brand")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    String brand(@AuthenticationPrincipal Actor actor, Model model) {
        return page(actor, BrandKit.BrandForm.of(brands.of(actor.tenantId())), FormErrors.NONE, model);
    }

    /** The draft's contrasts and frame, swapped in by htmx; without htmx, the whole page with the draft in it. */
    @PostMapping("/console/data/brand/sample")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    String sample(@AuthenticationPrincipal Actor actor, @RequestParam Map<String, String> form,
                  @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        BrandKit.BrandForm draft = form(form);
        if (htmx == null) {
            return page(actor, draft, FormErrors.NONE, model);
        }
        sample(actor, draft, model);
        return "console/data/brand :: sample";
    }

    /** The framed sample of the hosted pages; a field the address leaves out is the saved brand's. */
    @GetMapping("/console/data/brand/preview")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    String preview(@AuthenticationPrincipal Actor actor, @RequestParam Map<String, String> params, Model model,
                   HttpServletResponse response) {
        BrandKit.BrandForm saved = BrandKit.BrandForm.of(brands.of(actor.tenantId()));
        Brand brand = kit.draft(actor, new BrandKit.BrandForm(params.getOrDefault("name", saved.name()),
                params.getOrDefault("logoUrl", saved.logoUrl()),
                params.getOrDefault("primaryColor", saved.primaryColor()),
                params.getOrDefault("backgroundColor", saved.backgroundColor()),
                params.getOrDefault("textColor", saved.textColor()),
                params.getOrDefault("language", saved.language()),
                params.getOrDefault("privacyUrl", saved.privacyUrl()))).brand();
        Locale language = Locale.forLanguageTag(brand.language());
        Map<String, String> texts = new HashMap<>();
        SAMPLE_TEXTS.forEach((name, key) -> texts.put(name, messages.getMessage(key, null, key, language)));
        response.setHeader("Content-Security-Policy", FRAME_POLICY);
        response.setHeader("X-Frame-Options", "SAMEORIGIN");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        // the draft, not the saved brand the console's header shows
        model.addAttribute("brand", brand);
        model.addAttribute("texts", texts);
        return "console/data/brand-sample";
    }

    @PostMapping("/console/data/brand")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    String save(@AuthenticationPrincipal Actor actor, @RequestParam Map<String, String> form, Model model,
                RedirectAttributes flash) {
        BrandKit.BrandForm draft = form(form);
        try {
            kit.save(actor, draft);
            flash.addFlashAttribute("notice", "saved");
            return "redirect:/console/data/brand";
        } catch (ProblemException problem) {
            if (problem.status().value() == 403) {
                throw problem;
            }
            return page(actor, draft, FormErrors.of(problem), model);
        }
    }

    private String page(Actor actor, BrandKit.BrandForm draft, FormErrors errors, Model model) {
        model.addAttribute("draft", draft);
        model.addAttribute("errors", errors);
        model.addAttribute("languages", LANGUAGES);
        model.addAttribute("mayChange", actor.isTenantAdmin());
        sample(actor, draft, model);
        return "console/data/brand";
    }

    /** The draft as checked, with its contrasts; or why it cannot be shown yet (a field the API would refuse). */
    private void sample(Actor actor, BrandKit.BrandForm draft, Model model) {
        try {
            model.addAttribute("sample", kit.draft(actor, draft));
            model.addAttribute("sampleErrors", FormErrors.NONE);
        } catch (ProblemException problem) {
            if (problem.status().value() == 403) {
                throw problem;
            }
            model.addAttribute("sample", null);
            model.addAttribute("sampleErrors", FormErrors.of(problem));
        }
    }

    private static BrandKit.BrandForm form(Map<String, String> form) {
        return new BrandKit.BrandForm(form.get("name"), form.get("logoUrl"), form.get("primaryColor"),
                form.get("backgroundColor"), form.get("textColor"), form.get("language"), form.get("privacyUrl"));
    }
}

package io.footbridge.console.segments;

import io.footbridge.audiences.Campaigns;
import io.footbridge.audiences.Segments;
import io.footbridge.console.web.FormErrors;
import io.footbridge.console.web.Picks;
import io.footbridge.messaging.MessageTemplates;
import io.footbridge.offers.OfferCatalog;
import io.footbridge.platform.Actor;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Scope;
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
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Campaigns: the list, the form (segment, channels in the order to try them, template, offer, holdout, throttle, now
 * or at a time on the store's clock), and one campaign with its messages, the recipients against the holdout and the
 * lift with its interval, and the buttons that send, pause, resume and cancel it.
 */
@Controller
class CampaignPages {

    private static final Set<String> ACTIONS = Set.of("send", "pause", "resume", "cancel");
    private static final List<Integer> WINDOWS = List.of(7, 14, 30, 90);

    private final Campaigns campaigns;
    private final Segments segments;
    private final MessageTemplates templates;
    private final OfferCatalog offers;

    CampaignPages(Campaigns campaigns, Segments segments, MessageTemplates templates, OfferCatalog offers) {
        this.campaigns = campaigns;
        this.segments = segments;
        this.templates = templates;
        this.offers = offers;
    }

    @GetMapping("/console/segments/campaigns")
    @PreAuthorize("hasAuthority('SCOPE_segments:read')")
    String list(@AuthenticationPrincipal Actor actor, Model model) {
        model.addAttribute("campaigns", campaigns.list(actor));
        Map<UUID, String> names = new LinkedHashMap<>();
        segments.list(actor).forEach(s -> names.put(s.id(), s.name()));
        model.addAttribute("segmentNames", names);
        model.addAttribute("mayChange", mayChange(actor));
        return "console/segments/campaigns";
    }

    @GetMapping("/console/segments/campaigns/new")
    @PreAuthorize("hasAuthority('SCOPE_segments:write') and hasAuthority('SCOPE_messages:write')")
    String draft(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) UUID segment, Model model) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("segmentId", segment == null ? "" : segment.toString());
        form.put("channel", "email");
        form.put("holdoutPercent", "10");
        return form(actor, form, FormErrors.NONE, model);
    }

    @PostMapping("/console/segments/campaigns")
    @PreAuthorize("hasAuthority('SCOPE_segments:write') and hasAuthority('SCOPE_messages:write')")
    String create(@AuthenticationPrincipal Actor actor, @RequestParam Map<String, String> form, Model model,
                  RedirectAttributes flash) {
        List<FieldError> wrong = new ArrayList<>();
        UUID segmentId = id(form.get("segmentId"), "segmentId", wrong);
        UUID offerId = blank(form.get("offerId")) ? null : id(form.get("offerId"), "offerId", wrong);
        Integer holdout = number(form.get("holdoutPercent"), "holdoutPercent", wrong);
        Integer throttle = blank(form.get("throttlePerMinute")) ? null
                : number(form.get("throttlePerMinute"), "throttlePerMinute", wrong);
        boolean local = "local".equals(form.get("sendAtClock")) || "person".equals(form.get("sendAtClock"));
        LocalDateTime sendAtLocal = local ? wallClock(form.get("sendAt"), wrong) : null;
        Instant sendAt = local ? null : when(form.get("sendAt"), ((Picks) model.getAttribute("picks")).zone(),
                wrong);
        List<String> storeCodes = new ArrayList<>();
        for (String code : (form.get("stores") == null ? "" : form.get("stores")).split(",")) {
            if (!code.isBlank()) {
                storeCodes.add(code.strip());
            }
        }
        List<String> fallback = new ArrayList<>();
        for (String field : List.of("fallback1", "fallback2")) {
            if (!blank(form.get(field))) {
                fallback.add(form.get(field));
            }
        }
        if (!wrong.isEmpty()) {
            return form(actor, form, FormErrors.of(ProblemException.invalid(wrong)), model);
        }
        try {
            Campaigns.Campaign created = campaigns.create(actor, new Campaigns.Draft(form.get("name"), segmentId,
                    form.get("channel"), fallback, form.get("template"), offerId, holdout == null ? 0 : holdout,
                    throttle, sendAt, storeCodes, sendAtLocal, "person".equals(form.get("sendAtClock")) ? "person"
                    : null));
            flash.addFlashAttribute("notice", "created");
            return "redirect:/console/segments/campaigns/" + created.id();
        } catch (ProblemException problem) {
            // the API's sendAt.local is this form's one time field
            List<FieldError> shown = problem.errors().stream().map(e -> e.field().startsWith("sendAt.")
                    ? new FieldError("sendAt", e.reason()) : e).toList();
            return form(actor, form, FormErrors.of(shown.isEmpty() ? problem : ProblemException.invalid(shown)),
                    model);
        }
    }

    @GetMapping("/console/segments/campaigns/{campaignId}")
    @PreAuthorize("hasAuthority('SCOPE_segments:read')")
    String one(@AuthenticationPrincipal Actor actor, @PathVariable UUID campaignId,
               @RequestParam(defaultValue = "14") int days, @RequestParam(defaultValue = "EUR") String currency,
               Model model) {
        if (!WINDOWS.contains(days)) {
            throw ProblemException.invalid("days", "must be one of " + WINDOWS);
        }
        if (!currency.matches("[A-Z]{3}")) {
            throw ProblemException.invalid("currency", "must be a currency code such as EUR");
        }
        Campaigns.Campaign campaign = campaigns.get(actor, campaignId);
        model.addAttribute("campaign", campaign);
        model.addAttribute("results", campaigns.results(actor, campaignId, days, currency));
        model.addAttribute("windows", WINDOWS);
        model.addAttribute("segmentName", segmentName(actor, campaign.segmentId()));
        model.addAttribute("mayChange", mayChange(actor));
        return "console/segments/campaign";
    }

    @PostMapping("/console/segments/campaigns/{campaignId}/{action}")
    @PreAuthorize("hasAuthority('SCOPE_segments:write') and hasAuthority('SCOPE_messages:write')")
    String act(@AuthenticationPrincipal Actor actor, @PathVariable UUID campaignId, @PathVariable String action,
               RedirectAttributes flash) {
        if (!ACTIONS.contains(action)) {
            throw ProblemException.notFound("action", action);
        }
        switch (action) {
            case "send" -> campaigns.send(actor, campaignId);
            case "pause" -> campaigns.pause(actor, campaignId);
            case "resume" -> campaigns.resume(actor, campaignId);
            default -> campaigns.cancel(actor, campaignId);
        }
        flash.addFlashAttribute("notice", action);
        return "redirect:/console/segments/campaigns/" + campaignId;
    }

    private String form(Actor actor, Map<String, String> form, FormErrors errors, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("segments", segments.list(actor));
        model.addAttribute("channels", Campaigns.CHANNELS);
        TreeSet<String> keys = new TreeSet<>();
        templates.list(actor).forEach(t -> keys.add(t.key()));
        model.addAttribute("templates", keys);
        model.addAttribute("offers", offers.list(actor, "active", 200, 0));
        return "console/segments/campaign-form";
    }

    private String segmentName(Actor actor, UUID segmentId) {
        try {
            return segments.get(actor, segmentId).name();
        } catch (ProblemException gone) {
            return segmentId.toString();
        }
    }

    private static boolean mayChange(Actor actor) {
        return actor.has(Scope.SEGMENTS_WRITE) && actor.has(Scope.MESSAGES_WRITE);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static UUID id(String typed, String field, List<FieldError> wrong) {
        try {
            return UUID.fromString(typed == null ? "" : typed.strip());
        } catch (IllegalArgumentException e) {
            wrong.add(new FieldError(field, "is required"));
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

    /** A time as typed, to be read on each recipient's store's clock; blank is "send by hand". */
    private static LocalDateTime wallClock(String typed, List<FieldError> wrong) {
        if (blank(typed)) {
            return null;
        }
        try {
            return LocalDateTime.parse(typed.strip());
        } catch (DateTimeParseException e) {
            wrong.add(new FieldError("sendAt", "is not a date and time"));
            return null;
        }
    }

    /** A time as typed in a datetime-local field, on the clock the console shows; blank is "send by hand". */
    private static Instant when(String typed, ZoneId zone, List<FieldError> wrong) {
        if (blank(typed)) {
            return null;
        }
        try {
            return LocalDateTime.parse(typed.strip()).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            wrong.add(new FieldError("sendAt", "is not a date and time"));
            return null;
        }
    }
}

package io.footbridge.console.analytics;

import io.footbridge.analytics.Conversions;
import io.footbridge.analytics.Kpis;
import io.footbridge.analytics.Lifetimes;
import io.footbridge.console.web.Formats;
import io.footbridge.console.web.Picks;
import io.footbridge.platform.Actor;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The figures of the picked stores and period: key figures against the period before, capture rate over time and
 * per store, register and staff member, online-to-offline conversion, the cohorts' retention triangle and the
 * spread of customers' lifetime value; charts drawn with ECharts, every table also as CSV ({@code ?csv=capture}).
 */
@Controller
class AnalyticsPages {

    /** What {@code ?csv=} can download. */
    static final Set<String> DOWNLOADS = Set.of("kpis", "capture", "register", "staff", "day", "conversion", "cohorts",
            "lifetime");

    private final Kpis kpis;
    private final Conversions conversions;
    private final Lifetimes lifetimes;

    AnalyticsPages(Kpis kpis, Conversions conversions, Lifetimes lifetimes) {
        this.kpis = kpis;
        this.conversions = conversions;
        this.lifetimes = lifetimes;
    }

    @GetMapping("/console/analytics")
    @PreAuthorize("hasAuthority('SCOPE_analytics:read')")
    Object figures(@AuthenticationPrincipal Actor actor, @ModelAttribute("picks") Picks picks,
                   @RequestParam(required = false) String csv, Model model) throws IOException {
        if (csv != null && DOWNLOADS.contains(csv)) {
            return download(csv, actor, picks);
        }
        model.addAttribute("kpis", kpis(actor, picks));
        model.addAttribute("byStore", capture(actor, picks, Kpis.Cut.STORE));
        model.addAttribute("byRegister", capture(actor, picks, Kpis.Cut.REGISTER));
        model.addAttribute("byStaff", capture(actor, picks, Kpis.Cut.STAFF));
        List<Kpis.Part> byDay = capture(actor, picks, Kpis.Cut.DAY);
        model.addAttribute("days", days(picks));
        model.addAttribute("dailyCapture", dailyCapture(picks, byDay));
        model.addAttribute("conversion", conversion(actor, picks));
        model.addAttribute("cohorts", cohorts(actor, picks));
        Lifetimes.LifetimeValue lifetime = lifetimes.of(actor.tenantId(), picks.storeIds(), picks.last()).orElse(null);
        model.addAttribute("lifetime", lifetime);
        if (lifetime != null) {
            // each bin by where it starts, as the page's language writes money
            Formats fmt = new Formats(LocaleContextHolder.getLocale());
            model.addAttribute("lifetimeLabels", lifetime.bins().stream()
                    .map(b -> fmt.money(b.from(), lifetime.currency())).toList());
        }
        model.addAttribute("charts", true);
        return "console/analytics/figures";
    }

    private ResponseEntity<String> download(String csv, Actor actor, Picks picks) throws IOException {
        return switch (csv) {
            case "kpis" -> csv(csv, Downloads.kpis(kpis(actor, picks)));
            case "capture" -> csv(csv, Downloads.capture(capture(actor, picks, Kpis.Cut.STORE)));
            case "register" -> csv(csv, Downloads.capture(capture(actor, picks, Kpis.Cut.REGISTER)));
            case "staff" -> csv(csv, Downloads.capture(capture(actor, picks, Kpis.Cut.STAFF)));
            case "day" -> csv(csv, Downloads.capture(capture(actor, picks, Kpis.Cut.DAY)));
            case "conversion" -> csv(csv, Downloads.conversion(conversion(actor, picks)));
            case "cohorts" -> csv(csv, Downloads.cohorts(cohorts(actor, picks)));
            default -> csv(csv, Downloads.lifetime(lifetimes.of(actor.tenantId(), picks.storeIds(), picks.last())
                    .orElse(null)));
        };
    }

    private Kpis.Figures kpis(Actor actor, Picks picks) {
        String code = picks.store() == null ? null : picks.store().code();
        return kpis.of(actor.tenantId(), picks.storeIds(), code, picks.first(), picks.last());
    }

    private Conversions.Figures conversion(Actor actor, Picks picks) {
        String code = picks.store() == null ? null : picks.store().code();
        return conversions.of(actor.tenantId(), picks.storeIds(), code, picks.first(), picks.last(),
                Conversions.DEFAULT_DAYS);
    }

    private List<Kpis.Cohort> cohorts(Actor actor, Picks picks) {
        // cohorts of the last year, so that a short period still shows who came back
        return kpis.cohorts(actor.tenantId(), picks.storeIds(), picks.last().minusMonths(11).withDayOfMonth(1),
                picks.last(), Kpis.Grain.MONTH);
    }

    private List<Kpis.Part> capture(Actor actor, Picks picks, Kpis.Cut cut) {
        return kpis.capture(actor.tenantId(), picks.storeIds(), picks.first(), picks.last(), cut);
    }

    private static List<LocalDate> days(Picks picks) {
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = picks.first(); !d.isAfter(picks.last()); d = d.plusDays(1)) {
            days.add(d);
        }
        return days;
    }

    /** Each day's capture rate in percent, null for a day without sales. */
    private static List<Double> dailyCapture(Picks picks, List<Kpis.Part> byDay) {
        List<Double> values = new ArrayList<>();
        for (LocalDate d : days(picks)) {
            values.add(byDay.stream().filter(p -> p.key().equals(d.toString())).findFirst()
                    .map(Kpis.Part::captureRate).map(r -> Math.round(r * 1000) / 10.0).orElse(null));
        }
        return values;
    }

    private static ResponseEntity<String> csv(String name, String body) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".csv\"")
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .body(body);
    }
}

package io.footbridge.console.analytics;

import io.footbridge.analytics.Kpis;
import io.footbridge.console.web.Picks;
import io.footbridge.platform.Actor;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
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
import java.io.StringWriter;
import java.util.List;

/**
 * The figures of the picked stores and period: key figures against the period before, capture rate per store,
 * register and staff member, and the cohorts' retention triangle; each table also as CSV ({@code ?csv=capture}).
 */
@Controller
class AnalyticsPages {

    private final Kpis kpis;

    AnalyticsPages(Kpis kpis) {
        this.kpis = kpis;
    }

    @GetMapping("/console/analytics")
    @PreAuthorize("hasAuthority('SCOPE_analytics:read')")
    Object figures(@AuthenticationPrincipal Actor actor, @ModelAttribute("picks") Picks picks,
                   @RequestParam(required = false) String csv, Model model) throws IOException {
        String code = picks.store() == null ? null : picks.store().code();
        if ("capture".equals(csv)) {
            return csv("capture", capture(actor, picks, Kpis.Cut.STORE));
        }
        model.addAttribute("kpis", kpis.of(actor.tenantId(), picks.storeIds(), code, picks.first(), picks.last()));
        model.addAttribute("byStore", capture(actor, picks, Kpis.Cut.STORE));
        model.addAttribute("byRegister", capture(actor, picks, Kpis.Cut.REGISTER));
        model.addAttribute("byStaff", capture(actor, picks, Kpis.Cut.STAFF));
        // cohorts of the last year, so that a short period still shows who came back
        model.addAttribute("cohorts", kpis.cohorts(actor.tenantId(), picks.storeIds(), picks.last().minusMonths(11)
                .withDayOfMonth(1), picks.last(), Kpis.Grain.MONTH));
        return "console/analytics/figures";
    }

    private List<Kpis.Part> capture(Actor actor, Picks picks, Kpis.Cut cut) {
        return kpis.capture(actor.tenantId(), picks.storeIds(), picks.first(), picks.last(), cut);
    }

    private static ResponseEntity<String> csv(String name, List<Kpis.Part> parts) throws IOException {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader("key", "sales",
                "identified_sales", "capture_rate", "currency", "revenue", "identified_revenue").get())) {
            for (Kpis.Part part : parts) {
                for (int i = 0; i < part.revenue().size(); i++) {
                    printer.printRecord(part.key(), part.sales(), part.identifiedSales(),
                            part.captureRate() == null ? "" : part.captureRate(), part.revenue().get(i).currency(),
                            part.revenue().get(i).amount(), part.identifiedRevenue().get(i).amount());
                }
            }
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".csv\"")
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .body(out.toString());
    }
}

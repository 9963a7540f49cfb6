package io.footbridge.analytics.web;

import io.footbridge.analytics.Kpis;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.footbridge.platform.Stores;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import static io.footbridge.platform.Reach.Level.PER_STORE;

@RestController
class KpiController {

    /** Periods longer than this are refused: the previous period doubles what is read. */
    static final int MAX_DAYS = 3 * 366;

    private final Kpis kpis;
    private final Stores stores;

    KpiController(Kpis kpis, Stores stores) {
        this.kpis = kpis;
        this.stores = stores;
    }

    @GetMapping("/api/v1/analytics/kpis")
    @PreAuthorize("hasAuthority('SCOPE_analytics:read')")
    @Operation(summary = "Key figures of store-local days from..to (inclusive), with the period of equal length before:"
            + " sales, capture rate, revenue and average order value per currency, customers new and returning,"
            + " repeat and retention rates, NPS")
    @Reach(PER_STORE)
    Kpis.Figures kpis(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String from,
                      @RequestParam(required = false) String to, @RequestParam(required = false) String store) {
        LocalDate first = day("from", from);
        LocalDate last = day("to", to);
        if (last.isBefore(first)) {
            throw ProblemException.invalid("to", "must not be before from");
        }
        if (last.toEpochDay() - first.toEpochDay() + 1 > MAX_DAYS) {
            throw ProblemException.invalid("to", "a period may have at most " + MAX_DAYS + " days");
        }
        return kpis.of(actor.tenantId(), stores.scope(actor, store), store, first, last);
    }

    static LocalDate day(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid(field, "is required, as a date YYYY-MM-DD");
        }
        try {
            LocalDate day = LocalDate.parse(value);
            if (day.getYear() < 1970 || day.getYear() > 9999) {
                throw ProblemException.invalid(field, "must be a date from 1970 on");
            }
            return day;
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be a date YYYY-MM-DD");
        }
    }
}

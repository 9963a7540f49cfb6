package io.footbridge.analytics.web;

import io.footbridge.analytics.Kpis;
import io.footbridge.analytics.Lifetimes;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.footbridge.platform.Stores;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

import static io.footbridge.platform.Reach.Level.PER_STORE;

@RestController
class KpiController {

    /** Periods longer than this are refused: the previous period doubles what is read. */
    static final int MAX_DAYS = 3 * 366;

    private final Kpis kpis;
    private final Lifetimes lifetimes;
    private final Stores stores;

    KpiController(Kpis kpis, Lifetimes lifetimes, Stores stores) {
        this.kpis = kpis;
        this.lifetimes = lifetimes;
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
        LocalDate[] period = period(from, to);
        return kpis.of(actor.tenantId(), stores.scope(actor, store), store, period[0], period[1]);
    }

    @GetMapping("/api/v1/analytics/capture")
    @PreAuthorize("hasAuthority('SCOPE_analytics:read')")
    @Operation(summary = "Sales and capture rate of store-local days from..to per store, register, staff member,"
            + " touchpoint or day (by=)")
    @Reach(PER_STORE)
    List<Kpis.Part> capture(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String from,
                            @RequestParam(required = false) String to, @RequestParam(required = false) String store,
                            @RequestParam(defaultValue = "store") String by) {
        LocalDate[] period = period(from, to);
        Kpis.Cut cut = Arrays.stream(Kpis.Cut.values()).filter(c -> c.name().equalsIgnoreCase(by)).findFirst()
                .orElseThrow(() -> ProblemException.invalid("by",
                        "must be one of: store, register, staff, touchpoint, day"));
        return kpis.capture(actor.tenantId(), stores.scope(actor, store), period[0], period[1], cut);
    }

    @GetMapping("/api/v1/analytics/cohorts")
    @PreAuthorize("hasAuthority('SCOPE_analytics:read')")
    @Operation(summary = "Retention triangle: customers by the month or week (grain=) of their first purchase between"
            + " from and to, and the share who bought in each period since; channel=store or online: only people"
            + " whose first purchase ever was in a store, or online")
    @Reach(PER_STORE)
    List<Kpis.Cohort> cohorts(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String from,
                              @RequestParam(required = false) String to,
                              @RequestParam(required = false) String store,
                              @RequestParam(defaultValue = "month") String grain,
                              @RequestParam(defaultValue = "any") String channel) {
        LocalDate[] period = period(from, to);
        Kpis.Grain by = Arrays.stream(Kpis.Grain.values()).filter(g -> g.name().equalsIgnoreCase(grain))
                .findFirst().orElseThrow(() -> ProblemException.invalid("grain", "must be month or week"));
        Kpis.FirstChannel first = Arrays.stream(Kpis.FirstChannel.values())
                .filter(c -> c.name().equalsIgnoreCase(channel)).findFirst()
                .orElseThrow(() -> ProblemException.invalid("channel", "must be any, store or online"));
        return kpis.cohorts(actor.tenantId(), stores.scope(actor, store), period[0], period[1], by, first);
    }

    @GetMapping("/api/v1/analytics/lifetime")
    @PreAuthorize("hasAuthority('SCOPE_analytics:read')")
    @Operation(summary = "Customer lifetime value: BG/NBD and Gamma-Gamma fitted on the known customers' purchases up"
            + " to the store-local day to, their parameters and the customers' expected value over the next 52"
            + " weeks; 204 when too few customers bought again for a fit")
    @Reach(PER_STORE)
    ResponseEntity<Lifetimes.LifetimeValue> lifetime(@AuthenticationPrincipal Actor actor,
                                                     @RequestParam(required = false) String to,
                                                     @RequestParam(required = false) String store) {
        return lifetimes.of(actor.tenantId(), stores.scope(actor, store), day("to", to)).map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    static LocalDate[] period(String from, String to) {
        LocalDate first = day("from", from);
        LocalDate last = day("to", to);
        if (last.isBefore(first)) {
            throw ProblemException.invalid("to", "must not be before from");
        }
        if (last.toEpochDay() - first.toEpochDay() + 1 > MAX_DAYS) {
            throw ProblemException.invalid("to", "a period may have at most " + MAX_DAYS + " days");
        }
        return new LocalDate[]{first, last};
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

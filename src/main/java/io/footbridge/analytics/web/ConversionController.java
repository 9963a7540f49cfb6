package io.footbridge.analytics.web;

import io.footbridge.analytics.Conversions;
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

import static io.footbridge.platform.Reach.Level.PER_STORE;

@RestController
class ConversionController {

    /** The longest window after a touch: a year. */
    static final int MAX_WINDOW = 365;

    private final Conversions conversions;
    private final Stores stores;

    ConversionController(Conversions conversions, Stores stores) {
        this.conversions = conversions;
        this.stores = stores;
    }

    @GetMapping("/api/v1/analytics/conversion")
    @PreAuthorize("hasAuthority('SCOPE_analytics:read')")
    @Operation(summary = "Online-to-offline conversion of days from..to: of the people with an online touch (web"
            + " visit, message click, receipt call to action, QR scan), the share who bought in a store within days="
            + " (default 14) after one, by source; and of the store buyers, the share who then visited the web site"
            + " or bought online (online.purchase)")
    @Reach(PER_STORE)
    Conversions.Figures conversion(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String from,
                                   @RequestParam(required = false) String to,
                                   @RequestParam(required = false) String store,
                                   @RequestParam(required = false) String days) {
        LocalDate[] period = KpiController.period(from, to);
        return conversions.of(actor.tenantId(), stores.scope(actor, store), store, period[0], period[1],
                window(days));
    }

    static int window(String days) {
        if (days == null || days.isBlank()) {
            return Conversions.DEFAULT_DAYS;
        }
        try {
            int value = Integer.parseInt(days.trim());
            if (value >= 0 && value <= MAX_WINDOW) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalid("days", "must be a whole number of days from 0 to " + MAX_WINDOW);
    }
}

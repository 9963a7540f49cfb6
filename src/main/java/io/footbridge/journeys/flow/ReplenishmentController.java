package io.footbridge.journeys.flow;

import io.footbridge.journeys.Replenishments;
import io.footbridge.platform.Actor;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static io.footbridge.platform.Reach.Level.PER_STORE;

@RestController
@Tag(name = "Journeys", description = "Triggers, steps with durable waits, goals, holdouts and their figures")
@Reach(PER_STORE)
class ReplenishmentController {

    private final Replenishments replenishments;

    ReplenishmentController(Replenishments replenishments) {
        this.replenishments = replenishments;
    }

    record DueList(LocalDate from, int days, List<Replenishments.Due> items) {
    }

    @GetMapping("/api/v1/journeys/replenishment")
    @PreAuthorize("hasAnyAuthority('SCOPE_stores:read', 'SCOPE_journeys:read', 'SCOPE_admin')")
    @Operation(summary = "Who is expected to buy an SKU or category again in the days from a date, of the caller's"
            + " stores")
    DueList due(@AuthenticationPrincipal Actor actor,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(defaultValue = "7") int days, @RequestParam(defaultValue = "200") int limit) {
        LocalDate start = from == null ? LocalDate.now(ZoneOffset.UTC) : from;
        int span = Math.max(1, Math.min(days, 366));
        return new DueList(start, span, replenishments.due(actor, start, span, limit));
    }
}

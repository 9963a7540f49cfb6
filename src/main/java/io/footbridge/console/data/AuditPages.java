package io.footbridge.console.data;

import io.footbridge.console.web.FormErrors;
import io.footbridge.console.web.Listing;
import io.footbridge.console.web.Picks;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log (tenant admins): newest first, a page at a time, filtered by who acted, the action and the days
 * from and to, which are days on the clock of the store picked in the header.
 */
@Controller
class AuditPages {

    private static final int ROWS = 50;

    private final AuditLog audit;

    AuditPages(AuditLog audit) {
        this.audit = audit;
    }

    /** The filter as typed, to show it again and to carry it to the next page. */
    record Filter(String who, String action, String from, String to) {
    }

    @GetMapping("/console/data/audit")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    String log(@AuthenticationPrincipal Actor actor, @ModelAttribute("picks") Picks picks,
               @RequestParam(required = false) String who, @RequestParam(required = false) String action,
               @RequestParam(required = false) String from, @RequestParam(required = false) String to,
               @RequestParam(required = false) Long before, HttpServletResponse response, Model model) {
        Filter filter = new Filter(blankToNull(who), blankToNull(action), blankToNull(from), blankToNull(to));
        model.addAttribute("filter", filter);
        model.addAttribute("zone", picks.zone());
        List<FieldError> errors = new ArrayList<>();
        Instant start = dayStart(filter.from(), "from", 0, picks.zone(), errors);
        Instant end = dayStart(filter.to(), "to", 1, picks.zone(), errors);
        if (before != null && before < 1) {
            errors.add(new FieldError("before", "is not a cursor from a previous page"));
        }
        if (!errors.isEmpty()) {
            response.setStatus(400);
            model.addAttribute("errors", FormErrors.of(ProblemException.invalid(errors)));
            model.addAttribute("entries", new Listing<AuditLog.Entry>(List.of(), null));
            return "console/data/audit";
        }
        List<AuditLog.Entry> rows = audit.find(actor.tenantId(), filter.who(), filter.action(), null, start, end,
                before, ROWS + 1);
        model.addAttribute("errors", FormErrors.NONE);
        model.addAttribute("entries", Listing.of(rows, ROWS, last -> String.valueOf(last.id())));
        return "console/data/audit";
    }

    /** The start of the day (or of the day after, for the inclusive last day) on the picked store's clock. */
    private static Instant dayStart(String day, String field, int plusDays, ZoneId zone, List<FieldError> errors) {
        if (day == null) {
            return null;
        }
        try {
            return LocalDate.parse(day).plusDays(plusDays).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a day such as 2025-03-31"));
            return null;
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}

package io.footbridge.platform.audit;

import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@RequestMapping("/api/v1/audit-log")
@Tag(name = "Audit log", description = "Every administrative change: who, what, when, from where")
@Reach(TENANT_WIDE)
class AuditController {

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    /** {@code next} is the {@code before} value for the following page, absent on the last one. */
    record AuditPage(List<AuditLog.Entry> items, Long next) {
    }

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    @Operation(summary = "Read the tenant's audit log, newest first; actor matches the start of who acted")
    AuditPage list(@AuthenticationPrincipal Actor caller,
                   @RequestParam(required = false) String actor,
                   @RequestParam(required = false) String action,
                   @RequestParam(required = false) String targetId,
                   @RequestParam(required = false) Instant from,
                   @RequestParam(required = false) Instant to,
                   @RequestParam(required = false) Long before,
                   @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        caller.requireTenantAdmin();
        List<AuditLog.Entry> items = audit.find(caller.tenantId(), actor, action, targetId, from, to, before, limit);
        Long next = items.size() == limit ? items.get(items.size() - 1).id() : null;
        return new AuditPage(items, next);
    }
}

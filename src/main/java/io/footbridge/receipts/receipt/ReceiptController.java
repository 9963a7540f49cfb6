package io.footbridge.receipts.receipt;

import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.footbridge.platform.Stores;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.PER_STORE;

@RestController
@RequestMapping("/api/v1/receipts")
@Tag(name = "Receipts", description = "Digital receipts, their calls to action, and what they convert")
@Reach(PER_STORE)
class ReceiptController {

    private final ReceiptService receipts;
    private final ReceiptSettings settings;
    private final ReceiptStats stats;
    private final Stores stores;

    ReceiptController(ReceiptService receipts, ReceiptSettings settings, ReceiptStats stats, Stores stores) {
        this.receipts = receipts;
        this.settings = settings;
        this.stats = stats;
        this.stores = stores;
    }

    record ReceiptList(List<ReceiptService.View> items, int limit, int offset) {
    }

    record ResendRequest(@Size(max = 16) String channel, @Size(max = 320) String to) {
    }

    @GetMapping
    @PreAuthorize("hasAnyAuthority('SCOPE_profiles:read', 'SCOPE_pos')")
    @Operation(summary = "List receipts, newest first, by store and by the sale's time")
    ReceiptList list(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String store,
                     @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                     @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
                     @RequestParam(defaultValue = "0") @Min(0) int offset) {
        window(from, to);
        return new ReceiptList(receipts.list(actor, store, from, to, limit, offset), limit, offset);
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAnyAuthority('SCOPE_profiles:read', 'SCOPE_pos')")
    @Operation(summary = "A receipt with its messages, views and calls to action")
    ReceiptService.View get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return receipts.get(actor, id);
    }

    @PostMapping("/{id}/resend")
    @PreAuthorize("hasAnyAuthority('SCOPE_messages:write', 'SCOPE_pos')")
    @Operation(summary = "Send the receipt again, optionally to a corrected address or on another channel")
    ReceiptService.View resend(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                               @RequestHeader(name = "Idempotency-Key", required = false) @Size(max = 100) String key,
                               @Valid @RequestBody(required = false) ResendRequest request) {
        if (key != null && (key.isBlank() || key.length() > 100)) {
            throw ProblemException.invalid("Idempotency-Key", "must be 1 to 100 characters");
        }
        return receipts.resend(actor, id, request == null ? null : request.channel(),
                request == null || request.to() == null || request.to().isBlank() ? null : request.to().strip(), key);
    }

    @GetMapping("/stats")
    @PreAuthorize("hasAnyAuthority('SCOPE_analytics:read', 'SCOPE_offers:write')")
    @Operation(summary = "Delivery, open and click rates, page views, and each call to action's click rate")
    ReceiptStats.Figures stats(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String store,
                               @RequestParam(required = false) Instant from,
                               @RequestParam(required = false) Instant to) {
        Instant until = to == null ? Instant.now() : to;
        Instant since = from == null ? until.minus(Duration.ofDays(30)) : from;
        window(since, until);
        return stats.of(actor.tenantId(), stores.scope(actor, store), store, since, until);
    }

    @GetMapping("/settings")
    @PreAuthorize("hasAnyAuthority('SCOPE_offers:write', 'SCOPE_analytics:read')")
    @Operation(summary = "The receipt settings: the tenant's, or a store's (its own, or the tenant's it inherits)")
    Settings.View settings(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String store) {
        return settings.get(actor, store);
    }

    @PutMapping("/settings")
    @PreAuthorize("hasAuthority('SCOPE_offers:write')")
    @Operation(summary = "Set the tenant's receipt settings, or with ?store= a store's own")
    Settings.View putSettings(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String store,
                              @Valid @RequestBody Settings body) {
        return settings.put(actor, store, body);
    }

    @DeleteMapping("/settings")
    @PreAuthorize("hasAuthority('SCOPE_offers:write')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a store's own settings (?store=): the store uses the tenant's again")
    void deleteSettings(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String store) {
        settings.delete(actor, store);
    }

    private static void window(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw ProblemException.invalid("from", "must be before to");
        }
    }
}

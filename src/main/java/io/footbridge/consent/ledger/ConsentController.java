package io.footbridge.consent.ledger;

import io.footbridge.consent.ConsentGate;
import io.footbridge.platform.Actor;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.PER_STORE;
import static io.footbridge.platform.Reach.Level.SHARED;
import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@Tag(name = "Consents", description = "The consent ledger: who allowed what, on which channel, for which purpose, with proof")
class ConsentController {

    private final ConsentService consents;

    ConsentController(ConsentService consents) {
        this.consents = consents;
    }

    @GetMapping("/api/v1/profiles/{id}/consents")
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    @Operation(summary = "A person's permissions as they stand, per channel and purpose, and the ledger lines behind them")
    @Reach(SHARED)
    ResponseEntity<?> get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                          @RequestParam(defaultValue = "200") @Min(1) @Max(1000) int limit) {
        ConsentService.Person person = consents.person(actor, id);
        if (!person.rootId().equals(id)) {
            return ResponseEntity.status(HttpStatus.PERMANENT_REDIRECT)
                    .location(URI.create("/api/v1/profiles/" + person.rootId() + "/consents"))
                    .body(java.util.Map.of("id", id, "mergedInto", person.rootId()));
        }
        return ResponseEntity.ok(consents.view(actor, person, limit));
    }

    @PostMapping("/api/v1/profiles/{id}/consents")
    @PreAuthorize("hasAuthority('SCOPE_profiles:write')")
    @Operation(summary = "Record a permission given or withdrawn; a retry with the same Idempotency-Key answers 200"
            + " with the first line")
    @Reach(PER_STORE)
    ResponseEntity<ConsentService.EntryView> record(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                                                    @RequestHeader(name = "Idempotency-Key", required = false)
                                                    @Size(max = 100) String idempotencyKey,
                                                    @Valid @RequestBody ConsentRequest request) {
        ConsentService.Recorded recorded = consents.record(actor, id, request, idempotencyKey);
        return ResponseEntity.status(recorded.created() ? HttpStatus.CREATED : HttpStatus.OK).body(recorded.entry());
    }

    @PutMapping("/api/v1/consent/wordings/{version}")
    @PreAuthorize("hasAuthority('SCOPE_profiles:write')")
    @Operation(summary = "Register the text of a wording version; a version never changes once registered")
    @Reach(TENANT_WIDE)
    ResponseEntity<LedgerRepository.Wording> putWording(@AuthenticationPrincipal Actor actor,
                                                        @PathVariable @Size(max = 64) String version,
                                                        @Valid @RequestBody ConsentService.WordingRequest request) {
        ConsentService.Registered registered = consents.register(actor, version, request);
        return ResponseEntity.status(registered.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(registered.wording());
    }

    @GetMapping("/api/v1/consent/wordings")
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    @Operation(summary = "The registered wording versions, newest first")
    @Reach(SHARED)
    List<LedgerRepository.Wording> wordings(@AuthenticationPrincipal Actor actor) {
        return consents.wordings(actor);
    }

    @GetMapping("/api/v1/consent/policy")
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    @Operation(summary = "Double opt-in, quiet hours and the frequency cap the gate applies")
    @Reach(SHARED)
    ConsentService.PolicyView policy(@AuthenticationPrincipal Actor actor) {
        return consents.policy(actor);
    }

    @PutMapping("/api/v1/consent/policy")
    @Operation(summary = "Change the gating policy (tenant admins)")
    @Reach(TENANT_WIDE)
    ConsentService.PolicyView putPolicy(@AuthenticationPrincipal Actor actor,
                                        @Valid @RequestBody ConsentService.PolicyView request) {
        return consents.setPolicy(actor, request);
    }

    @PostMapping("/api/v1/consent/check")
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    @Operation(summary = "Ask the gate: may this person (or address) get this kind of message on this channel now?")
    @Reach(PER_STORE)
    ConsentGate.Decision check(@AuthenticationPrincipal Actor actor,
                               @Valid @RequestBody ConsentService.CheckRequest request) {
        return consents.check(actor, request);
    }
}

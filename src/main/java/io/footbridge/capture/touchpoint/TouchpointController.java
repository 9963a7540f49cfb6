package io.footbridge.capture.touchpoint;

import io.footbridge.platform.Actor;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.PER_STORE;
import static io.footbridge.platform.Reach.Level.SHARED;

@RestController
@RequestMapping("/api/v1/touchpoints")
@Tag(name = "Touchpoints", description = "Where interactions happen; events name them by code")
@Reach(PER_STORE)
class TouchpointController {

    private final Touchpoints touchpoints;

    TouchpointController(Touchpoints touchpoints) {
        this.touchpoints = touchpoints;
    }

    record TouchpointList(List<Touchpoint> items, int limit, int offset) {
    }

    @PostMapping
    @PreAuthorize("hasAuthority('SCOPE_stores:write')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register a touchpoint (a till, a QR placement, the Wi-Fi portal, a web site …)")
    ResponseEntity<Touchpoint> create(@AuthenticationPrincipal Actor actor,
                                      @Valid @RequestBody TouchpointRequest request) {
        Touchpoint touchpoint = touchpoints.create(actor, request);
        return ResponseEntity.created(URI.create("/api/v1/touchpoints/" + touchpoint.id())).body(touchpoint);
    }

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    @Operation(summary = "List touchpoints, optionally of one store")
    @Reach(SHARED)
    TouchpointList list(@AuthenticationPrincipal Actor actor,
                        @RequestParam(required = false) String store,
                        @RequestParam(defaultValue = "false") boolean includeArchived,
                        @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
                        @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return new TouchpointList(touchpoints.list(actor, store, includeArchived, limit, offset), limit, offset);
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    @Operation(summary = "Get a touchpoint")
    @Reach(SHARED)
    Touchpoint get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return touchpoints.get(actor, id);
    }

    @PutMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_stores:write')")
    @Operation(summary = "Change a touchpoint's type, store, label or stage (its code stays)")
    Touchpoint update(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                      @Valid @RequestBody TouchpointRequest request) {
        return touchpoints.update(actor, id, request);
    }

    @DeleteMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_stores:write')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Archive a touchpoint: new events can no longer name it")
    void archive(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        touchpoints.archive(actor, id);
    }
}

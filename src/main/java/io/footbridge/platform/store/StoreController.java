package io.footbridge.platform.store;

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
import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@RequestMapping("/api/v1/stores")
@Tag(name = "Stores", description = "The tenant's physical locations; integrations name them by code")
@Reach(PER_STORE)
class StoreController {

    private final StoreService stores;

    StoreController(StoreService stores) {
        this.stores = stores;
    }

    record StoreList(List<Store> items, int limit, int offset) {
    }

    @PostMapping
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a store (tenant admins)")
    @Reach(TENANT_WIDE)
    ResponseEntity<Store> create(@AuthenticationPrincipal Actor actor, @Valid @RequestBody StoreRequest request) {
        Store store = stores.create(actor, request);
        return ResponseEntity.created(URI.create("/api/v1/stores/" + store.id())).body(store);
    }

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    @Operation(summary = "List the stores you may see, ordered by code")
    StoreList list(@AuthenticationPrincipal Actor actor,
                   @RequestParam(defaultValue = "false") boolean includeArchived,
                   @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
                   @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return new StoreList(stores.list(actor, includeArchived, limit, offset), limit, offset);
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    @Operation(summary = "Get a store")
    Store get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return stores.get(actor, id);
    }

    @PutMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_stores:write')")
    @Operation(summary = "Replace a store's details (admins, or managers of that store)")
    Store update(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                 @Valid @RequestBody StoreRequest request) {
        return stores.update(actor, id, request);
    }

    @DeleteMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Archive a store: kept for history, hidden from lists, no longer used for new data")
    @Reach(TENANT_WIDE)
    void archive(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        stores.archive(actor, id);
    }
}

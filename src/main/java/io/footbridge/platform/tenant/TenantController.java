package io.footbridge.platform.tenant;

import io.footbridge.platform.Actor;
import io.footbridge.platform.Reach;
import io.footbridge.platform.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.SHARED;
import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Tenants", description = "Brands; creating one is for installation admins")
@Reach(TENANT_WIDE)
class TenantController {

    private final TenantService tenants;

    TenantController(TenantService tenants) {
        this.tenants = tenants;
    }

    record CreateTenantRequest(@NotBlank @Size(max = 200) String name,
                               @NotBlank @Email @Size(max = 254) String adminEmail,
                               @NotNull @Size(min = 12, max = 128) String adminPassword) {
    }

    record RenameTenantRequest(@NotBlank @Size(max = 200) String name) {
    }

    record TenantList(List<Tenant> items, int limit, int offset) {
    }

    /** Who the caller is: handy for an integrator checking a new key. */
    record Me(UUID tenantId, String tenantName, Actor.Kind kind, UUID id, String label, Set<Scope> scopes,
              boolean allStores, Set<UUID> storeIds, boolean installationAdmin) {
    }

    @PostMapping("/tenants")
    @PreAuthorize("hasRole('INSTALLATION_ADMIN')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a tenant (brand) with its first admin (installation admins)")
    ResponseEntity<Tenant> create(@AuthenticationPrincipal Actor actor,
                                  @Valid @RequestBody CreateTenantRequest request) {
        Tenant tenant = tenants.create(actor, request.name(), request.adminEmail(), request.adminPassword(), false);
        return ResponseEntity.created(URI.create("/api/v1/tenants/" + tenant.id())).body(tenant);
    }

    @GetMapping("/tenants")
    @PreAuthorize("hasRole('INSTALLATION_ADMIN')")
    @Operation(summary = "List all tenants (installation admins)")
    TenantList list(@RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
                    @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return new TenantList(tenants.list(limit, offset), limit, offset);
    }

    @GetMapping("/tenants/{id}")
    @Operation(summary = "Get a tenant: your own, or any for installation admins")
    @Reach(SHARED)
    Tenant get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return tenants.get(actor, id);
    }

    @PutMapping("/tenants/{id}")
    @Operation(summary = "Rename a tenant (its admins, or installation admins)")
    Tenant rename(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                  @Valid @RequestBody RenameTenantRequest request) {
        return tenants.rename(actor, id, request.name());
    }

    @GetMapping("/me")
    @Operation(summary = "Who you are: tenant, scopes and stores of the current credentials")
    @Reach(SHARED)
    Me me(@AuthenticationPrincipal Actor actor) {
        Tenant tenant = tenants.get(actor.tenantId());
        return new Me(tenant.id(), tenant.name(), actor.kind(), actor.id(), actor.label(), actor.scopes(),
                actor.allStores(), actor.storeIds(), actor.installationAdmin());
    }
}

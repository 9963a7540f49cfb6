package io.footbridge.platform.staff;

import io.footbridge.platform.Actor;
import io.footbridge.platform.Reach;
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

import static io.footbridge.platform.Reach.Level.SHARED;
import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Staff users", description = "Admins, marketers and store managers of a tenant")
@Reach(TENANT_WIDE)
class StaffController {

    private final StaffAccounts accounts;

    StaffController(StaffAccounts accounts) {
        this.accounts = accounts;
    }

    record CreateUserRequest(@NotBlank @Email @Size(max = 254) String email,
                             @Size(max = 200) String name,
                             @NotNull Role role,
                             @NotNull @Size(min = 12, max = 128) String password,
                             List<@NotBlank @Size(max = 32) String> storeCodes) {
    }

    record UpdateUserRequest(@Size(max = 200) String name,
                             @NotNull Role role,
                             List<@NotBlank @Size(max = 32) String> storeCodes) {
    }

    record SetPasswordRequest(@NotNull @Size(min = 12, max = 128) String password) {
    }

    record ChangePasswordRequest(@NotNull @Size(max = 128) String currentPassword,
                                 @NotNull @Size(min = 12, max = 128) String newPassword) {
    }

    record UserList(List<StaffUser> items, int limit, int offset) {
    }

    @PostMapping("/users")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a staff user (tenant admins)")
    ResponseEntity<StaffUser> create(@AuthenticationPrincipal Actor actor,
                                     @Valid @RequestBody CreateUserRequest request) {
        actor.requireTenantAdmin();
        StaffUser user = accounts.create(actor, request.email(), request.name(), request.role(), request.password(),
                request.storeCodes());
        return ResponseEntity.created(URI.create("/api/v1/users/" + user.id())).body(user);
    }

    @GetMapping("/users")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    @Operation(summary = "List the tenant's staff users")
    UserList list(@AuthenticationPrincipal Actor actor,
                  @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
                  @RequestParam(defaultValue = "0") @Min(0) int offset) {
        actor.requireTenantAdmin();
        return new UserList(accounts.list(actor, limit, offset), limit, offset);
    }

    @GetMapping("/users/{id}")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    @Operation(summary = "Get a staff user")
    StaffUser get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        actor.requireTenantAdmin();
        return accounts.get(actor, id);
    }

    @PutMapping("/users/{id}")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    @Operation(summary = "Change a staff user's name, role and stores")
    StaffUser update(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                     @Valid @RequestBody UpdateUserRequest request) {
        actor.requireTenantAdmin();
        return accounts.update(actor, id, request.name(), request.role(), request.storeCodes());
    }

    @PutMapping("/users/{id}/password")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Set a staff user's password (tenant admins)")
    void setPassword(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                     @Valid @RequestBody SetPasswordRequest request) {
        actor.requireTenantAdmin();
        accounts.setPassword(actor, id, request.password());
    }

    @DeleteMapping("/users/{id}")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Disable a staff user; they can no longer log in")
    void disable(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        actor.requireTenantAdmin();
        accounts.disable(actor, id);
    }

    @PutMapping("/me/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Change your own password")
    @Reach(SHARED)
    void changeOwnPassword(@AuthenticationPrincipal Actor actor, @Valid @RequestBody ChangePasswordRequest request) {
        accounts.changeOwnPassword(actor, request.currentPassword(), request.newPassword());
    }
}

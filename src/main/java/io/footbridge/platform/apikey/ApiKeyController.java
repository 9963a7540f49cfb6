package io.footbridge.platform.apikey;

import io.footbridge.platform.Actor;
import io.footbridge.platform.Reach;
import io.footbridge.platform.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@RequestMapping("/api/v1/api-keys")
@PreAuthorize("hasAuthority('SCOPE_admin')")
@Tag(name = "API keys", description = "Credentials for integrations: a POS, a Wi-Fi controller, an app")
@Reach(TENANT_WIDE)
class ApiKeyController {

    private final ApiKeyService apiKeys;

    ApiKeyController(ApiKeyService apiKeys) {
        this.apiKeys = apiKeys;
    }

    record CreateApiKeyRequest(@NotBlank @Size(max = 100) String name,
                               @NotEmpty List<@NotNull Scope> scopes,
                               @Size(max = 32) String storeCode) {
    }

    record ApiKeyList(List<ApiKey> items) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an API key; the secret is in this answer only")
    ResponseEntity<IssuedApiKey> create(@AuthenticationPrincipal Actor actor,
                                        @Valid @RequestBody CreateApiKeyRequest request) {
        IssuedApiKey key = apiKeys.create(actor, request.name(), request.scopes(), request.storeCode());
        return ResponseEntity.created(URI.create("/api/v1/api-keys/" + key.id())).body(key);
    }

    @GetMapping
    @Operation(summary = "List API keys (never their secrets)")
    ApiKeyList list(@AuthenticationPrincipal Actor actor,
                    @RequestParam(defaultValue = "false") boolean includeRevoked) {
        return new ApiKeyList(apiKeys.list(actor, includeRevoked));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get an API key (never its secret)")
    ApiKey get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return apiKeys.get(actor, id);
    }

    @PostMapping("/{id}/rotate")
    @Operation(summary = "Issue a new secret for the key; the old secret stops working at once")
    IssuedApiKey rotate(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return apiKeys.rotate(actor, id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke the key; it stops working at once")
    void revoke(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        apiKeys.revoke(actor, id);
    }
}

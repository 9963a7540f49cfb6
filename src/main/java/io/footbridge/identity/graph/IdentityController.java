package io.footbridge.identity.graph;

import io.footbridge.platform.Actor;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
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

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.SHARED;
import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Identity", description = "Merges, splits, review items and values that must not link people")
@Reach(TENANT_WIDE)
class IdentityController {

    private final GraphService service;

    IdentityController(GraphService service) {
        this.service = service;
    }

    record MergeRequest(@NotNull UUID profileId) {
    }

    record Decision(@NotBlank @Pattern(regexp = "merge|dismiss", message = "must be merge or dismiss") String decision) {
    }

    record DenyRequest(@NotBlank String type, @NotBlank @Size(max = 320) String value) {
    }

    record Items<T>(List<T> items) {
    }

    record ReviewPage(List<GraphRepository.Review> items, Instant next) {
    }

    @GetMapping("/profiles/{id}/merges")
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    @Operation(summary = "Every merge of the person this profile belongs to, newest first, undone ones included")
    @Reach(SHARED)
    Items<GraphRepository.Merge> merges(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return new Items<>(service.merges(actor, id));
    }

    @PostMapping("/profiles/{id}/merge")
    @PreAuthorize("hasAuthority('SCOPE_profiles:write')")
    @Operation(summary = "Merge another profile's person into this one's (the one first seen survives)")
    GraphRepository.Merge merge(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                                @Valid @RequestBody MergeRequest request) {
        return service.merge(actor, id, request.profileId());
    }

    @PostMapping("/profile-merges/{id}/undo")
    @PreAuthorize("hasAuthority('SCOPE_profiles:write')")
    @Operation(summary = "Split a merge again: the merged profile and what came in through it become a person again")
    GraphRepository.Merge undo(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return service.undo(actor, id);
    }

    @GetMapping("/identity/reviews")
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    @Operation(summary = "Pairs of profiles that a rule held apart, for staff to merge or dismiss")
    ReviewPage reviews(@AuthenticationPrincipal Actor actor,
                       @RequestParam(defaultValue = "open") @Pattern(regexp = "open|merged|dismissed") String status,
                       @RequestParam(required = false) Instant before,
                       @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        List<GraphRepository.Review> items = service.reviews(actor, status, before, limit);
        return new ReviewPage(items, items.size() == limit ? items.get(items.size() - 1).createdAt() : null);
    }

    @PostMapping("/identity/reviews/{id}")
    @PreAuthorize("hasAuthority('SCOPE_profiles:write')")
    @Operation(summary = "Decide a review item: merge the two profiles or dismiss it")
    GraphRepository.Review decide(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                                  @Valid @RequestBody Decision decision) {
        return service.decide(actor, id, decision.decision());
    }

    @GetMapping("/identity/denied")
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    @Operation(summary = "Values that never link people: listed by staff or found shared by many")
    Items<GraphRepository.Denied> denied(@AuthenticationPrincipal Actor actor) {
        return new Items<>(service.denied(actor));
    }

    @PostMapping("/identity/denied")
    @PreAuthorize("hasAuthority('SCOPE_profiles:write')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Stop a value from linking people; merges it made are undone")
    GraphRepository.Denied deny(@AuthenticationPrincipal Actor actor, @Valid @RequestBody DenyRequest request) {
        return service.deny(actor, request.type(), request.value());
    }

    @DeleteMapping("/identity/denied/{type}/{value}")
    @PreAuthorize("hasAuthority('SCOPE_profiles:write')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Let a value link people again (merges it would have made are not redone)")
    void allow(@AuthenticationPrincipal Actor actor, @PathVariable String type, @PathVariable String value) {
        service.allow(actor, type, value);
    }
}

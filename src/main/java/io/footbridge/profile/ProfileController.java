package io.footbridge.profile;

import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.SHARED;

@RestController
@RequestMapping("/api/v1/profiles")
@Tag(name = "Profiles", description = "The customer 360: identifiers, traits, computed attributes and the timeline")
@Reach(SHARED)
class ProfileController {

    private final Customer360 customers;

    ProfileController(Customer360 customers) {
        this.customers = customers;
    }

    /** Where a merged-away profile went; the answer to any read of it, with a 308 to the survivor. */
    record MergedAway(UUID id, UUID mergedInto) {
    }

    record SearchResult(List<CustomerView> items) {
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    @Operation(summary = "A person: identifiers, traits, computed attributes (a merged-away id answers 308 to where it went)")
    ResponseEntity<?> get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        IdentityGraph.ProfileRef profile = customers.profile(actor, id);
        if (profile.mergedAway()) {
            return movedTo(profile, "/api/v1/profiles/" + profile.rootId());
        }
        return ResponseEntity.ok(customers.view(actor, profile));
    }

    @GetMapping("/{id}/timeline")
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    @Operation(summary = "Every event of the person across stores and channels, newest first, paged by 'before'")
    ResponseEntity<?> timeline(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                               @RequestParam(required = false) String before,
                               @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        IdentityGraph.ProfileRef profile = customers.profile(actor, id);
        if (profile.mergedAway()) {
            return movedTo(profile, "/api/v1/profiles/" + profile.rootId() + "/timeline");
        }
        return ResponseEntity.ok(customers.timeline(actor, profile, before, limit));
    }

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_profiles:read')")
    @Operation(summary = "Find the person holding an identifier (exact, after normalisation; give country for a"
            + " phone without prefix), or people by name (fuzzy: spellings and swapped first and last names)")
    SearchResult search(@AuthenticationPrincipal Actor actor,
                        @RequestParam(required = false) String email,
                        @RequestParam(required = false) String phone,
                        @RequestParam(required = false) String loyaltyId,
                        @RequestParam(required = false) String deviceId,
                        @RequestParam(required = false) String anonymousId,
                        @RequestParam(required = false) String country,
                        @RequestParam(required = false) String name,
                        @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
        Map<IdentifierType, String> given = new LinkedHashMap<>();
        put(given, IdentifierType.EMAIL, email);
        put(given, IdentifierType.PHONE, phone);
        put(given, IdentifierType.LOYALTY_ID, loyaltyId);
        put(given, IdentifierType.DEVICE_ID, deviceId);
        put(given, IdentifierType.ANONYMOUS_ID, anonymousId);
        boolean byName = name != null && !name.isBlank();
        if (given.isEmpty() && !byName) {
            throw ProblemException.invalid("email", "give one of email, phone, loyaltyId, deviceId, anonymousId, name");
        }
        List<UUID> found = new ArrayList<>();
        given.forEach((type, value) -> customers.findBy(actor, type, value, country)
                .filter(id -> !found.contains(id)).ifPresent(found::add));
        if (byName) {
            customers.findByName(actor, name, limit).stream().filter(id -> !found.contains(id))
                    .limit(Math.max(0, limit - found.size())).forEach(found::add);
        }
        return new SearchResult(found.stream().map(id -> customers.visible(actor, id)).flatMap(Optional::stream)
                .toList());
    }

    private static void put(Map<IdentifierType, String> given, IdentifierType type, String value) {
        if (value != null && !value.isBlank()) {
            given.put(type, value);
        }
    }

    private static ResponseEntity<MergedAway> movedTo(IdentityGraph.ProfileRef profile, String location) {
        return ResponseEntity.status(HttpStatus.PERMANENT_REDIRECT).location(URI.create(location))
                .body(new MergedAway(profile.id(), profile.rootId()));
    }
}

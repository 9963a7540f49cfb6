package io.footbridge.hosted.portal;

import io.footbridge.platform.Actor;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
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

import static io.footbridge.platform.Reach.Level.PER_STORE;
import static io.footbridge.platform.Reach.Level.SHARED;
import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@RequestMapping("/api/v1/wifi")
@Tag(name = "Wi-Fi portal", description = "Access points that send guests to the portal, and what guests agree to")
@Reach(PER_STORE)
class WifiController {

    private final WifiSetup setup;
    private final HostedPages pages;

    WifiController(WifiSetup setup, HostedPages pages) {
        this.setup = setup;
        this.pages = pages;
    }

    record AccessPointList(List<AccessPoint> items) {
    }

    record WordingList(List<Wording> items) {
    }

    @PostMapping("/access-points")
    @PreAuthorize("hasAuthority('SCOPE_stores:write')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Map a Meraki or UniFi access point (by MAC) or an openNDS gateway (by name) to a store;"
            + " the answer carries the portal URL, with the secret that binds the access point to this tenant")
    ResponseEntity<AccessPoint> add(@AuthenticationPrincipal Actor actor,
                                    @Valid @RequestBody AccessPointRequest request) {
        WifiRepository.Node node = setup.add(actor, request);
        AccessPoint added = WifiSetup.view(node, WifiSetup.portalUrl(node, pages.baseUrl()));
        return ResponseEntity.created(URI.create("/api/v1/wifi/access-points/" + added.id())).body(added);
    }

    @GetMapping("/access-points")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    @Operation(summary = "List access points, optionally of one store")
    AccessPointList list(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String store) {
        return new AccessPointList(setup.list(actor, store).stream().map(node -> WifiSetup.view(node, null))
                .toList());
    }

    @GetMapping("/access-points/{id}/portal-url")
    @PreAuthorize("hasAuthority('SCOPE_stores:write')")
    @Operation(summary = "The access point with its portal URL, to set up (again) its controller")
    AccessPoint portalUrl(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        WifiRepository.Node node = setup.forSetUp(actor, id);
        return WifiSetup.view(node, WifiSetup.portalUrl(node, pages.baseUrl()));
    }

    @DeleteMapping("/access-points/{id}")
    @PreAuthorize("hasAuthority('SCOPE_stores:write')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Stop sending this access point's guests to the portal")
    void remove(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        setup.remove(actor, id);
    }

    @GetMapping("/wording")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    @Operation(summary = "Every version of the portal's wording, newest first")
    @Reach(SHARED)
    WordingList wordings(@AuthenticationPrincipal Actor actor) {
        return new WordingList(setup.wordings(actor));
    }

    @PostMapping("/wording")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "A new version of the terms and consent texts guests see (tenant admins); old ones stay")
    @Reach(TENANT_WIDE)
    Wording newWording(@AuthenticationPrincipal Actor actor, @Valid @RequestBody WordingRequest request) {
        return setup.newWording(actor, request);
    }
}

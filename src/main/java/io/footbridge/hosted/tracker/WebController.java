package io.footbridge.hosted.tracker;

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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.SHARED;
import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@RequestMapping("/api/v1/web")
@Tag(name = "Web tracker", description = "Sites that record page views, and links that tell them who arrived")
@Reach(TENANT_WIDE)
class WebController {

    private final WebTracking tracking;
    private final HostedPages pages;

    WebController(WebTracking tracking, HostedPages pages) {
        this.tracking = tracking;
        this.pages = pages;
    }

    record WebSiteList(List<WebSite> items) {
    }

    record TrackedLink(String url) {
    }

    @PostMapping("/sites")
    @PreAuthorize("hasAuthority('SCOPE_stores:write')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Track a web site: answers the snippet to put on its pages")
    ResponseEntity<WebSite> add(@AuthenticationPrincipal Actor actor, @Valid @RequestBody WebSiteRequest request) {
        WebSite site = view(tracking.addSite(actor, request));
        return ResponseEntity.created(URI.create("/api/v1/web/sites/" + site.id())).body(site);
    }

    @GetMapping("/sites")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    @Operation(summary = "The tracked web sites with their snippets")
    @Reach(SHARED)
    WebSiteList list(@AuthenticationPrincipal Actor actor) {
        return new WebSiteList(tracking.sites(actor).stream().map(this::view).toList());
    }

    @DeleteMapping("/sites/{id}")
    @PreAuthorize("hasAuthority('SCOPE_stores:write')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Stop recording page views of a site")
    void remove(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        tracking.removeSite(actor, id);
    }

    @PostMapping("/links")
    @PreAuthorize("hasAuthority('SCOPE_profiles:write')")
    @Operation(summary = "A link to a tracked page that tells the tracker who followed it (for an email, SMS …)")
    TrackedLink link(@AuthenticationPrincipal Actor actor, @Valid @RequestBody LinkRequest request) {
        return new TrackedLink(tracking.link(actor, request));
    }

    private WebSite view(WebRepository.Site site) {
        String base = pages.baseUrl();
        String snippet = "<script async src=\"" + base + "/t.js\" data-site=\"" + site.siteKey() + "\"></script>\n"
                + "<noscript><img src=\"" + base + "/t/p.gif?site=" + site.siteKey()
                + "\" width=\"1\" height=\"1\" alt=\"\"></noscript>";
        return new WebSite(site.id(), site.domain(), site.label(), site.siteKey(), site.touchpointCode(), snippet,
                site.createdAt());
    }
}

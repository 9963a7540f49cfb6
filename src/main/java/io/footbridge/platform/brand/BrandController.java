package io.footbridge.platform.brand;

import io.footbridge.platform.Actor;
import io.footbridge.platform.Brand;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import static io.footbridge.platform.Reach.Level.SHARED;
import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@RequestMapping("/api/v1/brand")
@Tag(name = "Brand", description = "How the hosted pages customers see look and speak")
class BrandController {

    private final BrandService brands;

    BrandController(BrandService brands) {
        this.brands = brands;
    }

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    @Operation(summary = "The brand of the hosted pages (defaults until set)")
    @Reach(SHARED)
    Brand get(@AuthenticationPrincipal Actor actor) {
        return brands.of(actor.tenantId());
    }

    @PutMapping
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    @Operation(summary = "Set name, logo, colours (checked for contrast), language and privacy link (tenant admins)")
    @Reach(TENANT_WIDE)
    Brand put(@AuthenticationPrincipal Actor actor, @Valid @RequestBody BrandRequest request) {
        return brands.put(actor, request);
    }
}

package io.footbridge.capture.product;

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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.footbridge.platform.Reach.Level.SHARED;
import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@RequestMapping("/api/v1/products")
@Tag(name = "Products", description = "The catalogue that sales reference by SKU; bulk loads go through imports")
@Reach(TENANT_WIDE)
class ProductController {

    private final Products products;

    ProductController(Products products) {
        this.products = products;
    }

    /** @param next the {@code after} value for the next page, or null on the last one */
    record ProductPage(List<Product> items, String next) {
    }

    @PutMapping("/{sku}")
    @PreAuthorize("hasAuthority('SCOPE_products:write')")
    @Operation(summary = "Create or replace a product (201 when new, 200 when replaced; brings an archived one back)")
    ResponseEntity<Product> put(@AuthenticationPrincipal Actor actor, @PathVariable String sku,
                                @Valid @RequestBody ProductRequest request) {
        Products.Outcome outcome = products.put(actor, sku, request, true);
        return outcome.created()
                ? ResponseEntity.created(URI.create("/api/v1/products/"
                        + UriUtils.encodePathSegment(sku, StandardCharsets.UTF_8))).body(outcome.product())
                : ResponseEntity.ok(outcome.product());
    }

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_stores:read') or hasAuthority('SCOPE_pos')")
    @Operation(summary = "List products by SKU, optionally of one category or matching a text in SKU or name")
    @Reach(SHARED)
    ProductPage list(@AuthenticationPrincipal Actor actor,
                     @RequestParam(required = false) String category,
                     @RequestParam(required = false) String q,
                     @RequestParam(defaultValue = "false") boolean includeArchived,
                     @RequestParam(required = false) String after,
                     @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        List<Product> items = products.list(actor, category, q, includeArchived, after, limit);
        return new ProductPage(items, items.size() == limit ? items.get(items.size() - 1).sku() : null);
    }

    @GetMapping("/{sku}")
    @PreAuthorize("hasAuthority('SCOPE_stores:read') or hasAuthority('SCOPE_pos')")
    @Operation(summary = "Get a product, archived or not")
    @Reach(SHARED)
    Product get(@AuthenticationPrincipal Actor actor, @PathVariable String sku) {
        return products.get(actor, sku);
    }

    @DeleteMapping("/{sku}")
    @PreAuthorize("hasAuthority('SCOPE_products:write')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Archive a product: it leaves the list but still describes the sales that name it")
    void archive(@AuthenticationPrincipal Actor actor, @PathVariable String sku) {
        products.archive(actor, sku);
    }
}

package io.footbridge.offers.coupon;

import io.footbridge.platform.Actor;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import static io.footbridge.platform.Reach.Level.PER_STORE;
import static io.footbridge.platform.Reach.Level.SHARED;
import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

/** The till's API: small and quick. Validate a code for a basket, redeem it once, roll it back on a refund. */
@RestController
@RequestMapping("/api/v1/coupons")
@Tag(name = "Coupons at the till", description = "Validate, redeem and roll back coupon codes; look one up")
@Reach(PER_STORE)
class CouponController {

    private final Redemptions redemptions;
    private final CouponService coupons;
    private final CouponRepository repository;

    CouponController(Redemptions redemptions, CouponService coupons, CouponRepository repository) {
        this.redemptions = redemptions;
        this.coupons = coupons;
        this.repository = repository;
    }

    @PostMapping("/validate")
    @PreAuthorize("hasAuthority('SCOPE_pos')")
    @Operation(summary = "Can this code be used for this basket in this store now? 200 with valid and the discount,"
            + " or the reason why not")
    Redemptions.Validation validate(@AuthenticationPrincipal Actor actor, @Valid @RequestBody PosRequest request) {
        return redemptions.validate(actor, request);
    }

    @PostMapping("/redeem")
    @PreAuthorize("hasAuthority('SCOPE_pos')")
    @Operation(summary = "Redeem a code for a sale: 200 with the discount when it wins; a retry of the same"
            + " transactionId answers the first result")
    ResponseEntity<Redemptions.Answer> redeem(@AuthenticationPrincipal Actor actor,
                                              @Valid @RequestBody PosRequest request) {
        Redemptions.Outcome outcome = redemptions.redeem(actor, request);
        return ResponseEntity.ok().header("Idempotent-Replayed", String.valueOf(outcome.replay()))
                .body(outcome.answer());
    }

    @PostMapping("/rollback")
    @PreAuthorize("hasAuthority('SCOPE_pos')")
    @Operation(summary = "Undo a sale's redemptions after a refund or void: the codes can be used again")
    Redemptions.RollbackAnswer rollback(@AuthenticationPrincipal Actor actor,
                                        @Valid @RequestBody RollbackRequest request) {
        return redemptions.rollback(actor, request);
    }

    @GetMapping("/{code}")
    @PreAuthorize("hasAnyAuthority('SCOPE_offers:write', 'SCOPE_analytics:read', 'SCOPE_pos')")
    @Operation(summary = "A code's state and redemptions (unknown codes count as guesses)")
    @Reach(SHARED)
    CouponView get(@AuthenticationPrincipal Actor actor, @PathVariable String code) {
        CouponRepository.Found found = redemptions.find(actor, Redemptions.normalised(code, "code"));
        return coupons.view(found, repository.redemptionsOfCoupon(actor.tenantId(), found.coupon().id()));
    }

    @PostMapping("/{code}/revoke")
    @PreAuthorize("hasAuthority('SCOPE_offers:write')")
    @Operation(summary = "Withdraw one unused code, such as one that was leaked")
    @Reach(TENANT_WIDE)
    CouponView revoke(@AuthenticationPrincipal Actor actor, @PathVariable String code) {
        return coupons.revoke(actor, redemptions.find(actor, Redemptions.normalised(code, "code")));
    }
}

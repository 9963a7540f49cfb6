package io.footbridge.loyalty.ledger;

import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

import static io.footbridge.platform.Reach.Level.SHARED;
import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

/** Wallet cards for members, and the tenant's own issuers for them (keys are taken, never answered). */
@RestController
@RequestMapping("/api/v1/loyalty")
@Tag(name = "Loyalty", description = "Points programme, members, redemptions at the till, adjustments")
class WalletController {

    /** What is configured; the keys themselves are never part of an answer. */
    record Issuers(GoogleIssuer google, AppleIssuer apple) {
    }

    record GoogleIssuer(String issuerId, String serviceAccountEmail, Instant updatedAt) {
    }

    record AppleIssuer(String passTypeId, String teamId, String certificateSubject, Instant certificateExpires,
                       Instant updatedAt) {
    }

    record SaveLink(String loyaltyId, String saveUrl) {
    }

    /** The member page's link to hand the member (a message, a printout), and the brand's sign-in page. */
    record PageLink(String loyaltyId, String url, Instant expiresAt, String signInUrl) {
    }

    private final WalletIssuers issuers;
    private final Wallets wallets;
    private final Members members;
    private final MemberLinks links;

    WalletController(WalletIssuers issuers, Wallets wallets, Members members, MemberLinks links) {
        this.issuers = issuers;
        this.wallets = wallets;
        this.members = members;
        this.links = links;
    }

    @GetMapping("/members/{loyaltyId}/page")
    @PreAuthorize("hasAnyAuthority('SCOPE_pos', 'SCOPE_profiles:read')")
    @Reach(SHARED)
    @Operation(summary = "A link that opens the member's own page (card, points, rewards, coupons, receipts) without"
            + " a sign-in until it expires, and the brand's sign-in page")
    PageLink page(@AuthenticationPrincipal Actor actor, @PathVariable String loyaltyId) {
        LoyaltyRepository.Member member = members.require(actor, members.number("loyaltyId", loyaltyId));
        Instant now = Instant.now();
        return new PageLink(member.loyaltyId(), links.url(actor.tenantId(), member.id(), now), links.expiresAt(now),
                links.signInUrl(actor.tenantId()));
    }

    @GetMapping(value = "/members/{loyaltyId}/pass.pkpass", produces = "application/vnd.apple.pkpass")
    @PreAuthorize("hasAnyAuthority('SCOPE_pos', 'SCOPE_profiles:read')")
    @Reach(SHARED)
    @Operation(summary = "The member's Apple Wallet store card, signed with the tenant's Pass Type ID certificate;"
            + " without one with a development certificate (it will not install on a phone)")
    ResponseEntity<byte[]> applePass(@AuthenticationPrincipal Actor actor, @PathVariable String loyaltyId) {
        return ResponseEntity.ok().header("Content-Disposition", "attachment; filename=\"card.pkpass\"")
                .contentType(MediaType.parseMediaType("application/vnd.apple.pkpass"))
                .body(wallets.applePass(actor, loyaltyId));
    }

    @GetMapping("/members/{loyaltyId}/google-wallet")
    @PreAuthorize("hasAnyAuthority('SCOPE_pos', 'SCOPE_profiles:read')")
    @Reach(SHARED)
    @Operation(summary = "The member's \"Save to Google Wallet\" link; 409 when no Google issuer is configured")
    SaveLink googleSaveLink(@AuthenticationPrincipal Actor actor, @PathVariable String loyaltyId) {
        return wallets.googleSaveUrl(actor, loyaltyId).map(url -> new SaveLink(loyaltyId, url))
                .orElseThrow(() -> new ProblemException(HttpStatus.CONFLICT, "loyalty-google-wallet-not-configured",
                        "No Google Wallet issuer", "PUT /api/v1/loyalty/wallet/google first.", List.of()));
    }

    @GetMapping("/wallet")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    @Reach(TENANT_WIDE)
    @Operation(summary = "The tenant's wallet issuers, without their keys")
    Issuers get(@AuthenticationPrincipal Actor actor) {
        return new Issuers(issuers.google(actor.tenantId()).map(WalletController::google).orElse(null),
                issuers.apple(actor.tenantId()).map(WalletController::apple).orElse(null));
    }

    @PutMapping("/wallet/google")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    @Reach(TENANT_WIDE)
    @Operation(summary = "Set the Google Wallet issuer and the service account key that signs save links")
    GoogleIssuer putGoogle(@AuthenticationPrincipal Actor actor,
                           @Valid @RequestBody WalletRequests.GoogleIssuer request) {
        return google(wallets.saveGoogle(actor, request));
    }

    @PutMapping("/wallet/apple")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    @Reach(TENANT_WIDE)
    @Operation(summary = "Set the Apple Pass Type ID certificate (PKCS#12, base64, with its password)")
    AppleIssuer putApple(@AuthenticationPrincipal Actor actor,
                         @Valid @RequestBody WalletRequests.AppleIssuer request) {
        return apple(wallets.saveApple(actor, request));
    }

    @DeleteMapping("/wallet/{wallet}")
    @PreAuthorize("hasAuthority('SCOPE_admin')")
    @Reach(TENANT_WIDE)
    @Operation(summary = "Forget the tenant's google or apple issuer")
    ResponseEntity<Void> remove(@AuthenticationPrincipal Actor actor, @PathVariable String wallet) {
        wallets.remove(actor, wallet);
        return ResponseEntity.noContent().build();
    }

    private static GoogleIssuer google(WalletIssuers.Google google) {
        return new GoogleIssuer(google.issuerId(), google.serviceAccountEmail(), google.updatedAt());
    }

    private static AppleIssuer apple(WalletIssuers.Apple apple) {
        return new AppleIssuer(apple.passTypeId(), apple.teamId(),
                apple.certificate().getSubjectX500Principal().getName(),
                apple.certificate().getNotAfter().toInstant(), apple.updatedAt());
    }
}

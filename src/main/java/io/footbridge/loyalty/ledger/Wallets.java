package io.footbridge.loyalty.ledger;

import io.footbridge.loyalty.LoyaltyWallets;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.Brands;
import io.footbridge.platform.ProblemException;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;

/**
 * A member's wallet cards: the Apple pass and the Google save link, each with the tenant's own issuer. Only a
 * tenant-wide admin sets the issuers: their keys sign for the whole brand.
 */
@Component
class Wallets implements LoyaltyWallets {

    private final Members members;
    private final WalletIssuers issuers;
    private final WalletPasses passes;
    private final GoogleWallet google;
    private final Brands brands;
    private final AuditLog audit;
    private final MemberLinks links;

    Wallets(Members members, WalletIssuers issuers, WalletPasses passes, GoogleWallet google, Brands brands,
            AuditLog audit, MemberLinks links) {
        this.links = links;
        this.audit = audit;
        this.members = members;
        this.issuers = issuers;
        this.passes = passes;
        this.google = google;
        this.brands = brands;
    }

    @Override
    public byte[] applePass(Actor actor, String loyaltyId) {
        LoyaltyRepository.Member member = members.require(actor, members.number("loyaltyId", loyaltyId));
        return passes.pass(brands.of(actor.tenantId()), members.view(actor.tenantId(), member), member.id(),
                issuers.apple(actor.tenantId()));
    }

    @Override
    public Optional<String> googleSaveUrl(Actor actor, String loyaltyId) {
        LoyaltyRepository.Member member = members.require(actor, members.number("loyaltyId", loyaltyId));
        return issuers.google(actor.tenantId()).map(issuer -> google.saveUrl(issuer, brands.of(actor.tenantId()),
                members.view(actor.tenantId(), member), member.id()));
    }

    @Override
    public String memberPageUrl(Actor actor, String loyaltyId) {
        LoyaltyRepository.Member member = members.require(actor, members.number("loyaltyId", loyaltyId));
        return links.url(actor.tenantId(), member.id(), java.time.Instant.now());
    }

    @Override
    public boolean appleConfigured(Actor actor) {
        return issuers.apple(actor.tenantId()).isPresent();
    }

    @Override
    public Issuers issuers(Actor actor) {
        actor.requireTenantAdmin();
        var g = issuers.google(actor.tenantId());
        var a = issuers.apple(actor.tenantId());
        return new Issuers(g.map(WalletIssuers.Google::issuerId).orElse(null),
                g.map(WalletIssuers.Google::serviceAccountEmail).orElse(null),
                g.map(WalletIssuers.Google::updatedAt).orElse(null),
                a.map(WalletIssuers.Apple::passTypeId).orElse(null), a.map(WalletIssuers.Apple::teamId).orElse(null),
                a.map(x -> x.certificate().getSubjectX500Principal().getName()).orElse(null),
                a.map(x -> x.certificate().getNotAfter().toInstant()).orElse(null),
                a.map(WalletIssuers.Apple::updatedAt).orElse(null));
    }

    @Override
    public void setGoogle(Actor actor, String issuerId, String serviceAccountEmail, String privateKeyPem) {
        saveGoogle(actor, new WalletRequests.GoogleIssuer(issuerId, serviceAccountEmail, privateKeyPem));
    }

    @Override
    public void setApple(Actor actor, String passTypeId, String teamId, String pkcs12Base64, String password) {
        saveApple(actor, new WalletRequests.AppleIssuer(passTypeId, teamId, pkcs12Base64, password));
    }

    WalletIssuers.Google saveGoogle(Actor actor, WalletRequests.GoogleIssuer request) {
        actor.requireTenantAdmin();
        WalletIssuers.Google saved = issuers.saveGoogle(actor.tenantId(), request);
        audit.record(actor, "loyalty.wallet.google.set", "tenant", actor.tenantId(),
                Map.of("issuerId", saved.issuerId()));
        return saved;
    }

    WalletIssuers.Apple saveApple(Actor actor, WalletRequests.AppleIssuer request) {
        actor.requireTenantAdmin();
        WalletIssuers.Apple saved = issuers.saveApple(actor.tenantId(), request);
        audit.record(actor, "loyalty.wallet.apple.set", "tenant", actor.tenantId(),
                Map.of("passTypeId", saved.passTypeId()));
        return saved;
    }

    @Override
    public void remove(Actor actor, String wallet) {
        actor.requireTenantAdmin();
        if (!"google".equals(wallet) && !"apple".equals(wallet)) {
            throw ProblemException.invalid("wallet", "is google or apple");
        }
        issuers.remove(actor.tenantId(), wallet);
        audit.record(actor, "loyalty.wallet." + wallet + ".removed", "tenant", actor.tenantId(), Map.of());
    }
}

package io.footbridge.loyalty.ledger;

import io.footbridge.loyalty.LoyaltyWallets;
import io.footbridge.platform.Actor;
import io.footbridge.platform.Brands;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** A member's wallet cards: the Apple pass and the Google save link, each with the tenant's own issuer. */
@Component
class Wallets implements LoyaltyWallets {

    private final Members members;
    private final WalletIssuers issuers;
    private final WalletPasses passes;
    private final GoogleWallet google;
    private final Brands brands;

    Wallets(Members members, WalletIssuers issuers, WalletPasses passes, GoogleWallet google, Brands brands) {
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
    public boolean appleConfigured(Actor actor) {
        return issuers.apple(actor.tenantId()).isPresent();
    }
}

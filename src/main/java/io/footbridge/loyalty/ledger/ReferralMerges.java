package io.footbridge.loyalty.ledger;

import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.identity.ProfileMerged;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Two profiles became one person: a referral between two of that person's cards was a member referring themselves,
 * so the referrer's bonus for it is taken back (what is left of it, pending or not).
 */
@Component
class ReferralMerges {

    private final IdentityGraph identity;
    private final LoyaltyRepository repository;
    private final PointsLedger ledger;

    ReferralMerges(IdentityGraph identity, LoyaltyRepository repository, PointsLedger ledger) {
        this.identity = identity;
        this.repository = repository;
        this.ledger = ledger;
    }

    @ApplicationModuleListener
    void on(ProfileMerged merged) {
        UUID tenantId = merged.tenantId();
        List<LoyaltyRepository.Member> cards = identity.identifiers(tenantId, merged.rootId()).stream()
                // a denied number (a shared till card) is no one person's card: it makes no self-referral
                .filter(i -> i.type() == IdentifierType.LOYALTY_ID && !i.denied())
                .map(i -> repository.member(tenantId, i.value())).flatMap(java.util.Optional::stream).toList();
        if (cards.size() < 2) {
            return;
        }
        Set<UUID> ids = cards.stream().map(LoyaltyRepository.Member::id).collect(Collectors.toSet());
        for (LoyaltyRepository.Member card : cards) {
            if (repository.referrer(tenantId, card.id()).filter(ids::contains).isPresent()) {
                ledger.reverseReferral(tenantId, card.id(), "referral-self", card.id().toString(),
                        PointsLedger.now());
            }
        }
    }
}

package io.footbridge.loyalty.ledger;

import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.loyalty.LoyaltyPoints;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Points a journey gives or takes; runs in the caller's transaction under the member's lock. */
@Service
class AutomatedPoints implements LoyaltyPoints {

    static final String SOURCE = "journey";

    private final LoyaltyRepository repository;
    private final ProgrammeStore programmes;
    private final IdentityGraph identity;
    private final Tiers tiers;
    private final PointsLedger ledger;

    AutomatedPoints(LoyaltyRepository repository, ProgrammeStore programmes, IdentityGraph identity, Tiers tiers,
                    PointsLedger ledger) {
        this.ledger = ledger;
        this.repository = repository;
        this.programmes = programmes;
        this.identity = identity;
        this.tiers = tiers;
    }

    @Override
    public Change change(UUID tenantId, UUID personId, long points, String sourceId, String reason, String by) {
        if (points == 0 || sourceId == null || sourceId.isBlank()) {
            throw new IllegalArgumentException("points must not be zero and a source id is required");
        }
        Optional<Programme> programme = programmes.find(tenantId);
        if (programme.isEmpty()) {
            return new Change("no_programme", null, 0, 0);
        }
        Optional<String> number = identity.find(tenantId, personId)
                .map(p -> identity.identifiers(tenantId, p.rootId())).orElse(java.util.List.of()).stream()
                // a denied number (shared at the till, or listed) is no one person's: a journey must not credit it
                .filter(i -> i.type() == IdentifierType.LOYALTY_ID && !i.denied())
                .map(i -> repository.member(tenantId, i.value())).flatMap(Optional::stream)
                .map(LoyaltyRepository.Member::loyaltyId).findFirst();
        if (number.isEmpty()) {
            return new Change("not_member", null, 0, 0);
        }
        LoyaltyRepository.Member member = repository.lock(tenantId, number.get()).orElseThrow();
        Instant now = PointsLedger.now();
        long available = repository.balances(member.id(), now).available();
        if (repository.bySource(tenantId, SOURCE, sourceId).isPresent()) {
            return new Change("already", member.loyaltyId(), 0, available);
        }
        if (points < 0 && available + points < 0 && !programme.get().debtAllowed()) {
            return new Change("short", member.loyaltyId(), 0, available);
        }
        String text = reason == null ? null : reason.strip();
        boolean added = repository.add(new LoyaltyRepository.Entry(UUID.randomUUID(), tenantId, member.id(),
                points > 0 ? PointsLedger.BONUS : PointsLedger.ADJUST, points, SOURCE, sourceId, null, null, text, by,
                now, now, points > 0 ? programme.get().expiresAt(now, ledger.memberZone(member, null)) : null, now));
        if (!added) {
            // another node wrote the same source id between the look and the insert: the member's lock makes this
            // rare, the unique key makes it harmless
            return new Change("already", member.loyaltyId(), 0, available);
        }
        if (points > 0) {
            tiers.upgrade(programme.get(), member, now);
        }
        return new Change(points > 0 ? "awarded" : "deducted", member.loyaltyId(), points, available + points);
    }
}

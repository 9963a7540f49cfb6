package io.footbridge.loyalty.ledger;

import io.footbridge.hosted.registrations.EventTiers;
import io.footbridge.identity.IdentifierNormaliser;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.identity.Normalised;
import io.footbridge.loyalty.LoyaltyTiers;
import io.footbridge.offers.OfferTiers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Members' tiers for the modules that pick people by tier: segments, offers kept for tiers, events kept for tiers. */
@Component
class TierReadings implements LoyaltyTiers, OfferTiers, EventTiers {

    private final JdbcClient jdbc;
    private final ProgrammeStore programmes;
    private final LoyaltyRepository repository;
    private final IdentityGraph identity;
    private final IdentifierNormaliser normaliser;

    TierReadings(JdbcClient jdbc, ProgrammeStore programmes, LoyaltyRepository repository, IdentityGraph identity,
                 IdentifierNormaliser normaliser) {
        this.jdbc = jdbc;
        this.programmes = programmes;
        this.repository = repository;
        this.identity = identity;
        this.normaliser = normaliser;
    }

    @Override
    public List<String> names(UUID tenantId) {
        return programmes.find(tenantId).map(p -> p.tiers() == null ? List.<String>of()
                : p.tiers().stream().map(Programme.Tier::name).toList()).orElse(List.of());
    }

    @Override
    public List<MemberTier> members(UUID tenantId, String after, int limit) {
        return jdbc.sql("""
                        SELECT loyalty_id, tier FROM loyalty_member
                        WHERE tenant_id = :tenantId AND tier IS NOT NULL AND loyalty_id > :after
                        ORDER BY loyalty_id LIMIT :limit
                        """)
                .param("tenantId", tenantId).param("after", after == null ? "" : after).param("limit", limit)
                .query((rs, row) -> new MemberTier(rs.getString("loyalty_id"), rs.getString("tier"))).list();
    }

    /** Through every loyalty number of the person; with two cards, the higher tier counts (as in segments). */
    @Override
    public Optional<String> tierOf(UUID tenantId, UUID profileId) {
        Optional<Programme> programme = programmes.find(tenantId);
        Optional<IdentityGraph.ProfileRef> profile = identity.find(tenantId, profileId);
        if (programme.isEmpty() || profile.isEmpty()) {
            return Optional.empty();
        }
        return identity.identifiers(tenantId, profile.get().rootId()).stream()
                // a number shared at the till (denied) opens no one's benefits
                .filter(i -> i.type() == IdentifierType.LOYALTY_ID && !i.denied())
                .map(i -> repository.member(tenantId, i.value())).flatMap(Optional::stream)
                .map(LoyaltyRepository.Member::tier).filter(Objects::nonNull)
                .max(Comparator.comparingInt(programme.get()::rank));
    }

    @Override
    public Optional<String> tierOfEmail(UUID tenantId, String email) {
        Normalised value = normaliser.normalise(IdentifierType.EMAIL, email, null);
        if (!value.usable()) {
            return Optional.empty();
        }
        return identity.findByIdentifier(tenantId, IdentifierType.EMAIL, value.value())
                .flatMap(root -> tierOf(tenantId, root));
    }
}

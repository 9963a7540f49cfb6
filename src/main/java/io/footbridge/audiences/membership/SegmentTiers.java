package io.footbridge.audiences.membership;

import io.footbridge.audiences.rule.Rule;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.loyalty.LoyaltyTiers;
import io.footbridge.platform.BackgroundWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Loyalty tier as a condition: the members' tiers, read through loyalty's public API, are copied by person into
 * {@code segment_tier} in the background, soon after a rule first asks for them (task {@code segments-tiers-now})
 * and then every few minutes for the tenants that use them ({@code segments-tiers}); people whose tier changed are
 * evaluated again. A person holding two cards counts with the higher tier.
 */
@Component
class SegmentTiers {

    static final Duration EVERY = Duration.ofMinutes(5);
    private static final int PAGE = 1000;

    private final JdbcClient jdbc;
    private final LoyaltyTiers loyalty;
    private final IdentityGraph identity;
    private final ComputedAttributes attributes;
    private final SegmentRepository segments;
    private final LiveMembership live;
    private final TransactionTemplate transaction;
    private final BackgroundWork.OneOff<UUID> soon;

    SegmentTiers(JdbcClient jdbc, LoyaltyTiers loyalty, IdentityGraph identity, ComputedAttributes attributes,
                 SegmentRepository segments, LiveMembership live, TransactionTemplate transaction,
                 BackgroundWork background) {
        this.jdbc = jdbc;
        this.loyalty = loyalty;
        this.identity = identity;
        this.attributes = attributes;
        this.segments = segments;
        this.live = live;
        this.transaction = transaction;
        background.recurring("segments-tiers", EVERY, () -> {
            for (UUID tenantId : jdbc.sql("SELECT tenant_id FROM segment_attribute WHERE kind = 'tier'")
                    .query(UUID.class).list()) {
                refresh(tenantId);
            }
        });
        this.soon = background.oneOff("segments-tiers-now", UUID.class, 3, this::refresh);
    }

    static boolean uses(Rule rule) {
        if (rule instanceof Rule.All all) {
            return all.rules().stream().anyMatch(SegmentTiers::uses);
        }
        if (rule instanceof Rule.Any any) {
            return any.rules().stream().anyMatch(SegmentTiers::uses);
        }
        if (rule instanceof Rule.Not not) {
            return uses(not.rule());
        }
        return rule instanceof Rule.LoyaltyTier;
    }

    /** Asks for the tenant's tiers to be copied soon when they never were or the copy is old. */
    void ask(UUID tenantId, Instant now) {
        if (attributes.ask(tenantId, ComputedAttributes.TIER, now)) {
            soon.schedule(tenantId.toString(), now, tenantId);
        }
    }

    /** The programme's tier names, lowest first, for checking a rule. */
    List<String> names(UUID tenantId) {
        return loyalty.names(tenantId);
    }

    void refresh(UUID tenantId) {
        Instant now = Instant.now();
        List<String> ranks = loyalty.names(tenantId);
        // read before the segment clock is taken: a large programme takes a while, and live steps wait for the clock
        Map<UUID, String> fresh = new HashMap<>();
        String after = null;
        while (true) {
            List<LoyaltyTiers.MemberTier> page = loyalty.members(tenantId, after, PAGE);
            for (LoyaltyTiers.MemberTier member : page) {
                identity.findByIdentifier(tenantId, IdentifierType.LOYALTY_ID, member.loyaltyId())
                        .ifPresent(person -> fresh.merge(person, member.tier(),
                                (a, b) -> ranks.indexOf(a) >= ranks.indexOf(b) ? a : b));
            }
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1).loyaltyId();
        }
        transaction.executeWithoutResult(status -> {
            segments.holdClock();
            Map<UUID, String> kept = new HashMap<>();
            jdbc.sql("SELECT person_id, tier FROM segment_tier WHERE tenant_id = :tenantId")
                    .param("tenantId", tenantId)
                    .query((rs, row) -> kept.put(rs.getObject("person_id", UUID.class), rs.getString("tier")))
                    .list();
            Set<UUID> changed = new HashSet<>();
            kept.forEach((person, tier) -> {
                if (!tier.equals(fresh.get(person))) {
                    changed.add(person);
                    jdbc.sql("DELETE FROM segment_tier WHERE tenant_id = :tenantId AND person_id = :person")
                            .param("tenantId", tenantId).param("person", person).update();
                }
            });
            fresh.forEach((person, tier) -> {
                if (!tier.equals(kept.get(person))) {
                    changed.add(person);
                    jdbc.sql("""
                                    INSERT INTO segment_tier (tenant_id, person_id, tier)
                                    VALUES (:tenantId, :person, :tier)
                                    """)
                            .param("tenantId", tenantId).param("person", person).param("tier", tier).update();
                }
            });
            attributes.computed(tenantId, ComputedAttributes.TIER, now);
            live.recomputed(tenantId, changed, now);
        });
    }
}

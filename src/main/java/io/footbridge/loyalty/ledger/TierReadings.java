package io.footbridge.loyalty.ledger;

import io.footbridge.loyalty.LoyaltyTiers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.UUID;

@Component
class TierReadings implements LoyaltyTiers {

    private final JdbcClient jdbc;
    private final ProgrammeStore programmes;

    TierReadings(JdbcClient jdbc, ProgrammeStore programmes) {
        this.jdbc = jdbc;
        this.programmes = programmes;
    }

    @Override
    public List<String> names(UUID tenantId) {
        return programmes.find(tenantId).map(p -> p.tiers().stream().map(Programme.Tier::name).toList())
                .orElse(List.of());
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
}

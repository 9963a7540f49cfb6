package io.footbridge.offers.coupon;

import io.footbridge.offers.RedemptionFigures;
import io.footbridge.platform.Tally;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@Repository
class RedemptionTallies implements RedemptionFigures {

    private static final String QUARTER = Tally.quarterOf("redeemed_at");

    private final JdbcClient jdbc;

    RedemptionTallies(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Tally> redemptions(UUID tenantId, Collection<UUID> storeIds, Instant from, Instant to) {
        return jdbc.sql("SELECT store_id, " + QUARTER + " AS quarter, currency, COUNT(*) AS n, SUM(discount) AS amount"
                        + """
                         FROM coupon_redemption
                        WHERE tenant_id = :tenantId AND redeemed_at >= :from AND redeemed_at < :to
                          AND rolled_back_at IS NULL AND (:allStores OR store_id IN (:storeIds))
                        """ + " GROUP BY store_id, " + QUARTER + ", currency")
                .params(Tally.window(tenantId, storeIds, from, to))
                .query((rs, row) -> Tally.of(rs.getObject("store_id", UUID.class), rs.getLong("quarter"),
                        rs.getString("currency"), rs.getLong("n"), rs.getLong("amount")))
                .list();
    }
}

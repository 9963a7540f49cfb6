package io.footbridge.offers.coupon;

import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What an offer converts: codes issued and viewed, redemptions that stand (rolled-back ones are left out), the
 * revenue of the baskets they were redeemed in (after the discount) and how long people took to redeem — in all, per
 * store, and per issuing channel and touchpoint. A generic code counts each issue; its redemptions have no issue
 * time and no channel of their own, so they count under "generic" and not in the days to redeem.
 */
@Repository
class OfferStats {

    private static final double SECONDS_PER_DAY = 86_400;

    record Figures(UUID offerId, String currency, long issued, long viewed, long redeemed, double redemptionRate,
                   long revenue, long discountGiven, Double medianDaysToRedeem, long rolledBack,
                   List<ByStore> byStore, List<ByChannel> byChannel) {
    }

    record ByStore(String store, long redeemed, long revenue, long discountGiven, Double medianDaysToRedeem) {
    }

    record ByChannel(String channel, String touchpoint, long issued, long viewed, long redeemed,
                     double redemptionRate, long revenue, long discountGiven, Double medianDaysToRedeem) {
    }

    private record Issued(long issued, long viewed) {
    }

    private record Redeemed(long redeemed, long revenue, long discount, Double medianSeconds) {
    }

    private record Key(String channel, String touchpoint) {
    }

    private final JdbcClient jdbc;
    private final Stores stores;

    OfferStats(JdbcClient jdbc, Stores stores) {
        this.jdbc = jdbc;
        this.stores = stores;
    }

    Figures of(OfferRepository.StoredOffer offer) {
        UUID tenantId = offer.tenantId();
        Map<Key, Issued> issued = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT c.channel, c.touchpoint,
                               SUM(CASE WHEN c.max_uses IS NULL THEN c.issued_count ELSE 1 END) AS issued,
                               SUM(CASE WHEN c.view_count > 0 THEN 1 ELSE 0 END) AS viewed
                        FROM coupon c
                        WHERE c.tenant_id = :tenantId AND c.offer_id = :offerId
                        GROUP BY c.channel, c.touchpoint
                        ORDER BY c.channel, c.touchpoint
                        """)
                .param("tenantId", tenantId).param("offerId", offer.id())
                .query(rs -> {
                    issued.put(new Key(rs.getString("channel"), rs.getString("touchpoint")),
                            new Issued(rs.getLong("issued"), rs.getLong("viewed")));
                });
        Map<Key, Redeemed> byChannel = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT r.channel, r.touchpoint, COUNT(*) AS redeemed, SUM(r.basket_total - r.discount) AS revenue,
                               SUM(r.discount) AS discount,
                               PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY r.seconds_to_redeem) AS median_seconds
                        FROM coupon_redemption r
                        WHERE r.tenant_id = :tenantId AND r.offer_id = :offerId AND r.rolled_back_at IS NULL
                        GROUP BY r.channel, r.touchpoint
                        """)
                .param("tenantId", tenantId).param("offerId", offer.id())
                .query(rs -> {
                    byChannel.put(new Key(rs.getString("channel"), rs.getString("touchpoint")), redeemed(rs));
                });
        List<ByStore> byStore = new ArrayList<>();
        jdbc.sql("""
                        SELECT r.store_id, COUNT(*) AS redeemed, SUM(r.basket_total - r.discount) AS revenue,
                               SUM(r.discount) AS discount,
                               PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY r.seconds_to_redeem) AS median_seconds
                        FROM coupon_redemption r
                        WHERE r.tenant_id = :tenantId AND r.offer_id = :offerId AND r.rolled_back_at IS NULL
                        GROUP BY r.store_id
                        """)
                .param("tenantId", tenantId).param("offerId", offer.id())
                .query(rs -> {
                    UUID storeId = rs.getObject("store_id", UUID.class);
                    Redeemed r = redeemed(rs);
                    byStore.add(new ByStore(stores.findById(tenantId, storeId).map(StoreRef::code)
                            .orElse(storeId.toString()), r.redeemed(), r.revenue(), r.discount(),
                            days(r.medianSeconds())));
                });
        byStore.sort(java.util.Comparator.comparing(ByStore::store));
        Redeemed total = jdbc.sql("""
                        SELECT COUNT(*) AS redeemed, COALESCE(SUM(r.basket_total - r.discount), 0) AS revenue,
                               COALESCE(SUM(r.discount), 0) AS discount,
                               PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY r.seconds_to_redeem) AS median_seconds
                        FROM coupon_redemption r
                        WHERE r.tenant_id = :tenantId AND r.offer_id = :offerId AND r.rolled_back_at IS NULL
                        """)
                .param("tenantId", tenantId).param("offerId", offer.id())
                .query((rs, n) -> redeemed(rs)).single();
        long rolledBack = jdbc.sql("""
                        SELECT COUNT(*) FROM coupon_redemption r
                        WHERE r.tenant_id = :tenantId AND r.offer_id = :offerId AND r.rolled_back_at IS NOT NULL
                        """)
                .param("tenantId", tenantId).param("offerId", offer.id()).query(Long.class).single();

        List<ByChannel> channels = new ArrayList<>();
        java.util.Set<Key> keys = new java.util.TreeSet<>(java.util.Comparator.comparing(Key::channel)
                .thenComparing(Key::touchpoint, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
        keys.addAll(issued.keySet());
        keys.addAll(byChannel.keySet());
        long allIssued = 0;
        long allViewed = 0;
        for (Key key : keys) {
            Issued i = Objects.requireNonNullElse(issued.get(key), new Issued(0, 0));
            Redeemed r = Objects.requireNonNullElse(byChannel.get(key), new Redeemed(0, 0, 0, null));
            allIssued += i.issued();
            allViewed += i.viewed();
            channels.add(new ByChannel(key.channel(), key.touchpoint(), i.issued(), i.viewed(), r.redeemed(),
                    rate(r.redeemed(), i.issued()), r.revenue(), r.discount(), days(r.medianSeconds())));
        }
        return new Figures(offer.id(), offer.currency(), allIssued, allViewed, total.redeemed(),
                rate(total.redeemed(), allIssued), total.revenue(), total.discount(), days(total.medianSeconds()),
                rolledBack, byStore, channels);
    }

    private static Redeemed redeemed(ResultSet rs) throws SQLException {
        Object median = rs.getObject("median_seconds");
        return new Redeemed(rs.getLong("redeemed"), rs.getLong("revenue"), rs.getLong("discount"),
                median == null ? null : ((Number) median).doubleValue());
    }

    /** Share of issued codes redeemed, to four decimals. */
    private static double rate(long redeemed, long issued) {
        return issued == 0 ? 0 : BigDecimal.valueOf(redeemed).divide(BigDecimal.valueOf(issued), 4,
                RoundingMode.HALF_UP).doubleValue();
    }

    private static Double days(Double seconds) {
        return seconds == null ? null : BigDecimal.valueOf(seconds / SECONDS_PER_DAY).setScale(2, RoundingMode.HALF_UP)
                .doubleValue();
    }
}

package io.footbridge.capture.pos;

import io.footbridge.capture.SalesFigures;
import io.footbridge.platform.Tally;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@Repository
class SalesTallies implements SalesFigures {

    private static final String QUARTER = Tally.quarterOf("occurred_at");
    private static final String KEY = "kind || ':' || currency || ':'"
            + " || CASE WHEN customer IS NULL THEN 'anonymous' ELSE 'known' END";

    private final JdbcClient jdbc;

    SalesTallies(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Tally> transactions(UUID tenantId, Collection<UUID> storeIds, Instant from, Instant to) {
        return jdbc.sql("SELECT store_id, " + QUARTER + " AS quarter, " + KEY + " AS tally_key,"
                        + " COUNT(*) AS n, SUM(total) AS amount" + """
                         FROM pos_transaction
                        WHERE tenant_id = :tenantId AND occurred_at >= :from AND occurred_at < :to
                          AND (:allStores OR store_id IN (:storeIds))
                        """ + " GROUP BY store_id, " + QUARTER + ", " + KEY)
                .params(Tally.window(tenantId, storeIds, from, to))
                .query((rs, row) -> Tally.of(rs.getObject("store_id", UUID.class), rs.getLong("quarter"),
                        rs.getString("tally_key"), rs.getLong("n"), rs.getLong("amount")))
                .list();
    }
}

package io.footbridge.identity.graph;

import io.footbridge.identity.BuyerFigures;
import io.footbridge.platform.Tally;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads the capture log's sales through the graph's event links: which person each sale belongs to now. */
@Repository
class BuyerTallies implements BuyerFigures {

    private final JdbcClient jdbc;

    BuyerTallies(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Tally> buyers(UUID tenantId, Collection<UUID> storeIds, Instant from, Instant to) {
        // UUIDs have no MIN in PostgreSQL: the store of a person's first sale is taken as text
        return jdbc.sql("""
                        SELECT store_id, quarter, kind, COUNT(*) AS n FROM (
                            SELECT b.store_id, %s AS quarter,
                                   CASE WHEN (SELECT MIN(f.occurred_at) FROM profile q
                                              JOIN identity_event f ON f.profile_id = q.id
                                              WHERE q.tenant_id = :tenantId AND q.root_id = b.root_id) >= :from
                                        THEN 'new' ELSE 'returning' END AS kind
                            FROM (SELECT p.root_id, MIN(e.occurred_at) AS first_at,
                                         MIN(CAST(e.store_id AS VARCHAR(36))) AS store_id
                                  FROM capture_event e
                                  JOIN identity_event i ON i.seq = e.seq
                                  JOIN profile p ON p.id = i.profile_id
                                  WHERE e.tenant_id = :tenantId AND e.type = 'pos.purchase'
                                    AND e.occurred_at >= :from AND e.occurred_at < :to
                                    AND (:allStores OR e.store_id IN (:storeIds))
                                  GROUP BY p.root_id) b
                        ) x
                        GROUP BY store_id, quarter, kind
                        """.formatted(Tally.quarterOf("b.first_at")))
                .params(Tally.window(tenantId, storeIds, from, to))
                .query((rs, row) -> {
                    String store = rs.getString("store_id");
                    return Tally.of(store == null ? null : UUID.fromString(store), rs.getLong("quarter"),
                            rs.getString("kind"), rs.getLong("n"), 0);
                })
                .list();
    }

    @Override
    public Map<Long, UUID> people(UUID tenantId, Collection<Long> sequences) {
        Map<Long, UUID> people = new HashMap<>();
        List<Long> all = new ArrayList<>(sequences);
        // IN lists stay short enough for both databases' parameter limits
        for (int start = 0; start < all.size(); start += 1000) {
            jdbc.sql("""
                            SELECT i.seq, p.root_id FROM identity_event i JOIN profile p ON p.id = i.profile_id
                            WHERE i.tenant_id = :tenantId AND p.tenant_id = :tenantId AND i.seq IN (:seqs)
                              AND p.erased_at IS NULL
                            """)
                    .param("tenantId", tenantId)
                    .param("seqs", all.subList(start, Math.min(all.size(), start + 1000)))
                    .query((rs, row) -> people.put(rs.getLong("seq"), rs.getObject("root_id", UUID.class)))
                    .list();
        }
        return people;
    }
}

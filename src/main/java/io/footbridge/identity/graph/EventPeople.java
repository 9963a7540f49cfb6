package io.footbridge.identity.graph;

import io.footbridge.identity.BuyerFigures;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads the graph's event links: which person each captured event belongs to now. */
@Repository
class EventPeople implements BuyerFigures {

    private final JdbcClient jdbc;

    EventPeople(JdbcClient jdbc) {
        this.jdbc = jdbc;
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

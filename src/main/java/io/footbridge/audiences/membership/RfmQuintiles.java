package io.footbridge.audiences.membership;

import io.footbridge.audiences.rule.Rule;
import io.footbridge.platform.BackgroundWork;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * RFM as a ready-made attribute: every buyer's quintile (1 low … 5 high) of recency, frequency and monetary value
 * over the last year's purchases, among the tenant's buyers. Ties share a quintile (cumulative distribution, not
 * a split by row); money is ranked within each currency and a person buying in two takes the higher rank, as
 * amounts in different currencies are never added up. Computed in the background soon after a rule first asks for
 * it (task {@code segments-rfm-now}) and again every hour for the tenants that use it (quintiles move as others buy
 * and as time passes); people whose quintiles changed are evaluated again.
 */
@Component
class RfmQuintiles {

    static final Duration EVERY = Duration.ofHours(1);
    private static final Duration YEAR = Duration.ofDays(365);

    private final JdbcClient jdbc;
    private final LiveMembership live;
    private final ComputedAttributes attributes;
    private final SegmentRepository segments;
    private final TransactionTemplate transaction;
    private final BackgroundWork.OneOff<UUID> soon;

    RfmQuintiles(JdbcClient jdbc, LiveMembership live, ComputedAttributes attributes, SegmentRepository segments,
                 TransactionTemplate transaction, BackgroundWork background) {
        this.jdbc = jdbc;
        this.live = live;
        this.attributes = attributes;
        this.segments = segments;
        this.transaction = transaction;
        background.recurring("segments-rfm", EVERY, () -> passAll(Instant.now()));
        this.soon = background.oneOff("segments-rfm-now", UUID.class, 3, tenantId -> refresh(tenantId,
                Instant.now()));
    }

    static boolean uses(Rule rule) {
        if (rule instanceof Rule.All all) {
            return all.rules().stream().anyMatch(RfmQuintiles::uses);
        }
        if (rule instanceof Rule.Any any) {
            return any.rules().stream().anyMatch(RfmQuintiles::uses);
        }
        if (rule instanceof Rule.Not not) {
            return uses(not.rule());
        }
        return rule instanceof Rule.Rfm;
    }

    void passAll(Instant now) {
        for (UUID tenantId : jdbc.sql("""
                        SELECT tenant_id FROM segment_attribute WHERE kind = 'rfm'
                        UNION SELECT tenant_id FROM segment_rfm
                        """).query(UUID.class).list()) {
            refresh(tenantId, now);
        }
    }

    /** Asks for the tenant's quintiles to be computed soon when they are missing or old. */
    void ask(UUID tenantId, Instant now) {
        if (attributes.ask(tenantId, ComputedAttributes.RFM, now)) {
            // one instance per tenant: asking again before it ran changes nothing
            soon.schedule(tenantId.toString(), now, tenantId);
        }
    }

    /**
     * Computes the tenant's quintiles and evaluates the people whose quintiles changed, in one transaction on the
     * segment clock: a pass and a request for the same tenant, or a live step reading them, take turns.
     */
    void refresh(UUID tenantId, Instant now) {
        transaction.executeWithoutResult(status -> {
            segments.holdClock();
            Set<UUID> changed = compute(tenantId, now);
            attributes.computed(tenantId, ComputedAttributes.RFM, now);
            live.recomputed(tenantId, changed, now);
        });
    }

    Set<UUID> compute(UUID tenantId, Instant now) {
        Map<UUID, int[]> fresh = new HashMap<>();
        jdbc.sql("""
                        SELECT person_id,
                               CAST(CEIL(CUME_DIST() OVER (ORDER BY last_at) * 5) AS INT) AS recency,
                               CAST(CEIL(CUME_DIST() OVER (ORDER BY purchases) * 5) AS INT) AS frequency
                        FROM (SELECT person_id, MAX(occurred_at) AS last_at, COUNT(*) AS purchases
                              FROM segment_event
                              WHERE tenant_id = :tenantId AND type = 'pos.purchase' AND person_id IS NOT NULL
                                AND occurred_at >= :since
                              GROUP BY person_id) buyers
                        """)
                .param("tenantId", tenantId).param("since", Timestamps.of(now.minus(YEAR)))
                .query((rs, row) -> fresh.put(rs.getObject("person_id", UUID.class),
                        new int[]{rs.getInt("recency"), rs.getInt("frequency"), 1}))
                .list();
        jdbc.sql("""
                        SELECT person_id,
                               CAST(CEIL(CUME_DIST() OVER (PARTITION BY currency ORDER BY revenue) * 5) AS INT)
                                   AS monetary
                        FROM (SELECT person_id, currency, SUM(amount) AS revenue FROM segment_event
                              WHERE tenant_id = :tenantId AND type = 'pos.purchase' AND person_id IS NOT NULL
                                AND amount IS NOT NULL AND currency IS NOT NULL AND occurred_at >= :since
                              GROUP BY person_id, currency) spent
                        """)
                .param("tenantId", tenantId).param("since", Timestamps.of(now.minus(YEAR)))
                .query((rs, row) -> {
                    int[] q = fresh.get(rs.getObject("person_id", UUID.class));
                    if (q != null) {
                        q[2] = Math.max(q[2], rs.getInt("monetary"));
                    }
                    return null;
                })
                .list();
        Map<UUID, int[]> kept = new HashMap<>();
        jdbc.sql("SELECT person_id, recency, frequency, monetary FROM segment_rfm WHERE tenant_id = :tenantId")
                .param("tenantId", tenantId)
                .query((rs, row) -> kept.put(rs.getObject("person_id", UUID.class),
                        new int[]{rs.getInt("recency"), rs.getInt("frequency"), rs.getInt("monetary")}))
                .list();
        Set<UUID> changed = new HashSet<>();
        for (Map.Entry<UUID, int[]> entry : fresh.entrySet()) {
            int[] was = kept.get(entry.getKey());
            if (was == null || !java.util.Arrays.equals(was, entry.getValue())) {
                changed.add(entry.getKey());
            }
        }
        for (UUID gone : kept.keySet()) {
            if (!fresh.containsKey(gone)) {
                changed.add(gone);
            }
        }
        for (UUID person : changed) {
            jdbc.sql("DELETE FROM segment_rfm WHERE tenant_id = :tenantId AND person_id = :person")
                    .param("tenantId", tenantId).param("person", person).update();
            int[] q = fresh.get(person);
            if (q != null) {
                jdbc.sql("""
                                INSERT INTO segment_rfm (tenant_id, person_id, recency, frequency, monetary,
                                    computed_at)
                                VALUES (:tenantId, :person, :r, :f, :m, :now)
                                """)
                        .param("tenantId", tenantId).param("person", person).param("r", q[0]).param("f", q[1])
                        .param("m", q[2]).param("now", Timestamps.of(now)).update();
            }
        }
        jdbc.sql("UPDATE segment_rfm SET computed_at = :now WHERE tenant_id = :tenantId")
                .param("now", Timestamps.of(now)).param("tenantId", tenantId).update();
        return changed;
    }
}

package io.footbridge.audiences.membership;

import io.footbridge.analytics.PersonLifetimes;
import io.footbridge.analytics.PersonLifetimesRefreshed;
import io.footbridge.audiences.rule.Rule;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Lifetime value and activity probability as conditions: analytics keeps each person's values and refreshes them
 * in the background; whenever it has, the values are copied into {@code segment_lifetime} and the people whose
 * values changed are evaluated again, so members follow the refresh. A rule asking for them when segments have none
 * (or only old ones) asks analytics for a refresh and is answered with what there is meanwhile.
 */
@Component
class SegmentLifetimes {

    private final JdbcClient jdbc;
    private final PersonLifetimes lifetimes;
    private final LiveMembership live;
    private final SegmentRepository segments;
    private final JdbcTemplate batch;
    private final ComputedAttributes attributes;

    SegmentLifetimes(JdbcClient jdbc, JdbcTemplate batch, PersonLifetimes lifetimes, LiveMembership live,
                     SegmentRepository segments, ComputedAttributes attributes) {
        this.jdbc = jdbc;
        this.attributes = attributes;
        this.batch = batch;
        this.segments = segments;
        this.lifetimes = lifetimes;
        this.live = live;
    }

    static boolean uses(Rule rule) {
        if (rule instanceof Rule.All all) {
            return all.rules().stream().anyMatch(SegmentLifetimes::uses);
        }
        if (rule instanceof Rule.Any any) {
            return any.rules().stream().anyMatch(SegmentLifetimes::uses);
        }
        if (rule instanceof Rule.Not not) {
            return uses(not.rule());
        }
        return rule instanceof Rule.Clv || rule instanceof Rule.ActiveProbability;
    }

    @ApplicationModuleListener
    void on(PersonLifetimesRefreshed refreshed) {
        // the segment clock first, as every other step takes it before touching segment tables
        segments.holdClock();
        Instant now = Instant.now();
        UUID tenantId = refreshed.tenantId();
        Set<UUID> changed = copy(tenantId);
        // read after the copy, under the same clock: the values copied are at least as new as this
        lifetimes.refreshedAt(tenantId).ifPresent(at -> attributes.computed(tenantId, ComputedAttributes.LIFETIME,
                at));
        live.recomputed(tenantId, changed, now);
    }

    /** Asks analytics for a refresh when segments' copy is missing or old; the copy follows when it is done. */
    void ask(UUID tenantId, Instant now) {
        if (attributes.ask(tenantId, ComputedAttributes.LIFETIME, now)) {
            lifetimes.requestRefresh(tenantId);
        }
    }

    /** Brings {@code segment_lifetime} in line with analytics' values; answers the people whose values changed. */
    Set<UUID> copy(UUID tenantId) {
        Map<List<Object>, PersonLifetimes.PersonLifetime> fresh = new HashMap<>();
        for (PersonLifetimes.PersonLifetime v : lifetimes.of(tenantId)) {
            fresh.put(List.of(v.personId(), v.currency()), v);
        }
        Map<List<Object>, PersonLifetimes.PersonLifetime> kept = new HashMap<>();
        jdbc.sql("SELECT person_id, currency, clv, active_probability FROM segment_lifetime WHERE tenant_id = :t")
                .param("t", tenantId)
                .query((rs, row) -> new PersonLifetimes.PersonLifetime(rs.getObject("person_id", UUID.class),
                        rs.getString("currency"), rs.getLong("clv"), rs.getDouble("active_probability")))
                .list().forEach(v -> kept.put(List.of(v.personId(), v.currency()), v));
        Set<UUID> changed = new HashSet<>();
        List<PersonLifetimes.PersonLifetime> deletes = new ArrayList<>();
        List<PersonLifetimes.PersonLifetime> inserts = new ArrayList<>();
        for (Map.Entry<List<Object>, PersonLifetimes.PersonLifetime> gone : kept.entrySet()) {
            if (!fresh.containsKey(gone.getKey())) {
                deletes.add(gone.getValue());
            }
        }
        for (Map.Entry<List<Object>, PersonLifetimes.PersonLifetime> entry : fresh.entrySet()) {
            PersonLifetimes.PersonLifetime was = kept.get(entry.getKey());
            if (!Objects.equals(was, entry.getValue())) {
                if (was != null) {
                    deletes.add(was);
                }
                inserts.add(entry.getValue());
            }
        }
        // in batches: the first copy of a large tenant has a row for each of its buyers
        batch.batchUpdate("DELETE FROM segment_lifetime WHERE tenant_id = ? AND person_id = ? AND currency = ?",
                deletes, 1000, (ps, v) -> {
                    ps.setObject(1, tenantId);
                    ps.setObject(2, v.personId());
                    ps.setString(3, v.currency());
                });
        batch.batchUpdate("""
                        INSERT INTO segment_lifetime (tenant_id, person_id, currency, clv, active_probability)
                        VALUES (?, ?, ?, ?, ?)
                        """, inserts, 1000, (ps, v) -> {
                    ps.setObject(1, tenantId);
                    ps.setObject(2, v.personId());
                    ps.setString(3, v.currency());
                    ps.setLong(4, v.clv());
                    ps.setDouble(5, v.activeProbability());
                });
        deletes.forEach(v -> changed.add(v.personId()));
        inserts.forEach(v -> changed.add(v.personId()));
        return changed;
    }
}

package io.footbridge.audiences.membership;

import io.footbridge.analytics.PersonLifetimes;
import io.footbridge.analytics.PersonLifetimesRefreshed;
import io.footbridge.audiences.rule.Rule;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
 * values changed are evaluated again, so members follow the refresh. A rule asking for them when analytics has none
 * (or none from the last hour) has them refreshed first.
 */
@Component
class SegmentLifetimes {

    private static final Duration FRESH = Duration.ofHours(1);

    private final JdbcClient jdbc;
    private final PersonLifetimes lifetimes;
    private final LiveMembership live;
    private final SegmentRepository segments;

    SegmentLifetimes(JdbcClient jdbc, PersonLifetimes lifetimes, LiveMembership live, SegmentRepository segments) {
        this.jdbc = jdbc;
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
        live.rfmChanged(refreshed.tenantId(), copy(refreshed.tenantId()), now);
    }

    /** Has analytics refresh the tenant's values unless fresh, and copies them; answers whose changed. */
    Set<UUID> ensureFresh(UUID tenantId, Instant now) {
        boolean fresh = lifetimes.refreshedAt(tenantId).filter(at -> at.isAfter(now.minus(FRESH))).isPresent();
        if (!fresh) {
            lifetimes.refresh(tenantId, LocalDate.ofInstant(now, ZoneOffset.UTC));
        }
        return copy(tenantId);
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
        for (Map.Entry<List<Object>, PersonLifetimes.PersonLifetime> gone : kept.entrySet()) {
            if (!fresh.containsKey(gone.getKey())) {
                delete(tenantId, gone.getValue());
                changed.add(gone.getValue().personId());
            }
        }
        for (Map.Entry<List<Object>, PersonLifetimes.PersonLifetime> entry : fresh.entrySet()) {
            PersonLifetimes.PersonLifetime was = kept.get(entry.getKey());
            PersonLifetimes.PersonLifetime now = entry.getValue();
            if (Objects.equals(was, now)) {
                continue;
            }
            if (was != null) {
                delete(tenantId, was);
            }
            jdbc.sql("""
                            INSERT INTO segment_lifetime (tenant_id, person_id, currency, clv, active_probability)
                            VALUES (:t, :person, :currency, :clv, :probability)
                            """)
                    .param("t", tenantId).param("person", now.personId()).param("currency", now.currency())
                    .param("clv", now.clv()).param("probability", now.activeProbability()).update();
            changed.add(now.personId());
        }
        return changed;
    }

    private void delete(UUID tenantId, PersonLifetimes.PersonLifetime v) {
        jdbc.sql("DELETE FROM segment_lifetime WHERE tenant_id = :t AND person_id = :person AND currency = :currency")
                .param("t", tenantId).param("person", v.personId()).param("currency", v.currency()).update();
    }
}

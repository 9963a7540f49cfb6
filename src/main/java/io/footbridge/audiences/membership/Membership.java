package io.footbridge.audiences.membership;

import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.platform.Timestamps;
import io.footbridge.audiences.SegmentEntered;
import io.footbridge.audiences.SegmentLeft;
import io.footbridge.audiences.rule.Rule;
import io.footbridge.audiences.rule.RuleFacts;
import io.footbridge.audiences.rule.RuleParser;
import io.footbridge.audiences.rule.RuleSql;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps segment membership true: for the people an event touched (each of the tenant's segments, those a rule
 * depends on first), for everyone when a segment is saved, and for the people whose events left a time window.
 * Each entry and exit is recorded and published as {@link SegmentEntered} or {@link SegmentLeft}.
 */
@Component
class Membership {

    private static final int CHUNK = 500;

    private final JdbcClient jdbc;
    private final SegmentRepository segments;
    private final Stores stores;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;

    Membership(JdbcClient jdbc, SegmentRepository segments, Stores stores, JsonMapper json,
               ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.segments = segments;
        this.stores = stores;
        this.json = json;
        this.events = events;
    }

    /** A saved segment with its rule read. */
    record Compiled(SegmentRepository.Saved saved, Rule rule, RuleFacts facts) {
    }

    Rule rule(String ruleJson) {
        return RuleParser.parse(json.readTree(ruleJson), "rule").rule();
    }

    /** The tenant's segments, each after those its rule refers to. */
    List<Compiled> ordered(UUID tenantId) {
        Map<UUID, Compiled> all = new LinkedHashMap<>();
        for (SegmentRepository.Saved s : segments.list(tenantId, null)) {
            Rule rule = rule(s.rule());
            all.put(s.id(), new Compiled(s, rule, RuleFacts.of(rule)));
        }
        List<Compiled> ordered = new ArrayList<>();
        Set<UUID> placed = new HashSet<>();
        for (Compiled c : all.values()) {
            place(c, all, placed, ordered, new HashSet<>());
        }
        return ordered;
    }

    private void place(Compiled c, Map<UUID, Compiled> all, Set<UUID> placed, List<Compiled> ordered,
                       Set<UUID> visiting) {
        if (placed.contains(c.saved().id()) || !visiting.add(c.saved().id())) {
            return;
        }
        for (UUID dependency : c.facts().segments()) {
            Compiled d = all.get(dependency);
            if (d != null) {
                place(d, all, placed, ordered, visiting);
            }
        }
        placed.add(c.saved().id());
        ordered.add(c);
    }

    /** Every consent the tenant's rules ask about. */
    Set<List<String>> consentPairs(List<Compiled> compiled) {
        Set<List<String>> pairs = new LinkedHashSet<>(SegmentPeople.usualConsents());
        compiled.forEach(c -> pairs.addAll(c.facts().consents()));
        return pairs;
    }

    /** Brings every segment up to date for these people. */
    void evaluate(UUID tenantId, Collection<UUID> people, List<Compiled> compiled, Instant now) {
        if (people.isEmpty()) {
            return;
        }
        List<UUID> all = new ArrayList<>(people);
        for (Compiled c : compiled) {
            for (int start = 0; start < all.size(); start += CHUNK) {
                List<UUID> chunk = all.subList(start, Math.min(all.size(), start + CHUNK));
                RuleSql.Condition condition = condition(tenantId, c.rule(), now);
                Set<UUID> in = new HashSet<>(jdbc.sql("SELECT p.person_id FROM segment_person p"
                                + " WHERE p.tenant_id = :tenantId AND p.person_id IN (:people) AND " + condition.sql())
                        .params(condition.params()).param("tenantId", tenantId).param("people", chunk)
                        .query(UUID.class).list());
                Set<UUID> was = new HashSet<>(segments.members(c.saved().id(), chunk));
                apply(tenantId, c.saved().id(), in, was, now);
            }
        }
    }

    /** Brings one segment up to date for everyone; answers the people who entered or left. */
    Set<UUID> evaluateAll(UUID tenantId, UUID segmentId, Rule rule, Instant now) {
        RuleSql.Condition condition = condition(tenantId, rule, now);
        Set<UUID> in = new HashSet<>(jdbc.sql("SELECT p.person_id FROM segment_person p WHERE p.tenant_id = :tenantId"
                        + " AND " + condition.sql())
                .params(condition.params()).param("tenantId", tenantId).query(UUID.class).list());
        Set<UUID> was = new HashSet<>(segments.allMembers(segmentId));
        return apply(tenantId, segmentId, in, was, now);
    }

    boolean matches(UUID tenantId, UUID personId, Rule rule, Instant now) {
        RuleSql.Condition condition = condition(tenantId, rule, now);
        return jdbc.sql("SELECT COUNT(*) FROM segment_person p WHERE p.tenant_id = :tenantId"
                        + " AND p.person_id = :person AND " + condition.sql())
                .params(condition.params()).param("tenantId", tenantId).param("person", personId)
                .query(Long.class).single() > 0;
    }

    long count(UUID tenantId, Rule rule, Instant now) {
        RuleSql.Condition condition = condition(tenantId, rule, now);
        return jdbc.sql("SELECT COUNT(*) FROM segment_person p WHERE p.tenant_id = :tenantId AND " + condition.sql())
                .params(condition.params()).param("tenantId", tenantId).query(Long.class).single();
    }

    /**
     * SegmentPeople whose truth may have changed only because time passed: those with an event that left one of the
     * rules' windows between {@code from} and {@code to}.
     */
    Set<UUID> expiring(UUID tenantId, List<Compiled> compiled, Instant from, Instant to) {
        Set<TemporalAmount> periods = new LinkedHashSet<>();
        compiled.forEach(c -> periods.addAll(c.facts().periods()));
        Set<UUID> people = new LinkedHashSet<>();
        for (TemporalAmount period : periods) {
            Instant start = from.atOffset(ZoneOffset.UTC).minus(period).toInstant();
            Instant end = to.atOffset(ZoneOffset.UTC).minus(period).toInstant();
            people.addAll(jdbc.sql("""
                            SELECT DISTINCT person_id FROM segment_event
                            WHERE tenant_id = :tenantId AND occurred_at >= :start AND occurred_at < :end
                              AND person_id IS NOT NULL
                            """)
                    .param("tenantId", tenantId).param("start", Timestamps.of(start))
                    .param("end", Timestamps.of(end)).query(UUID.class).list());
        }
        return people;
    }

    private Set<UUID> apply(UUID tenantId, UUID segmentId, Set<UUID> in, Set<UUID> was, Instant now) {
        Set<UUID> changed = new LinkedHashSet<>();
        for (UUID person : in) {
            if (!was.contains(person)) {
                segments.enter(tenantId, segmentId, person, now);
                events.publishEvent(new SegmentEntered(tenantId, segmentId, person));
                changed.add(person);
            }
        }
        for (UUID person : was) {
            if (!in.contains(person) && segments.leave(tenantId, segmentId, person, now)) {
                events.publishEvent(new SegmentLeft(tenantId, segmentId, person));
                changed.add(person);
            }
        }
        return changed;
    }

    private RuleSql.Condition condition(UUID tenantId, Rule rule, Instant now) {
        Map<String, UUID> ids = new HashMap<>();
        return RuleSql.compile(rule, now, code -> ids.computeIfAbsent(code, c -> stores.findByCode(tenantId, c)
                .map(StoreRef::id).orElse(new UUID(0, 0))));
    }
}

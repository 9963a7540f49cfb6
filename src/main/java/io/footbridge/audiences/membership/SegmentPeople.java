package io.footbridge.audiences.membership;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Consents;
import io.footbridge.consent.Purpose;
import io.footbridge.identity.BuyerFigures;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Who the segments know of and what they know of them: gives pending events their person once identity has
 * resolved them, and refreshes a person's traits (from their events) and consents (from the ledger) before the
 * rules are evaluated for them.
 */
@Component
class SegmentPeople {

    /** Events identity has not named a person for in this long are taken to have none (no usable identifier). */
    static final Duration GIVE_UP = Duration.ofHours(1);
    /** Traits taken from events' properties, the newest event's value winning. */
    private static final Set<String> TRAITS = Set.of("firstName", "lastName", "language", "city", "postcode",
            "country", "gender", "tier", "program", "timeZone");
    private static final List<Channel> CHANNELS = List.of(Channel.values());

    private final JdbcClient jdbc;
    private final BuyerFigures identity;
    private final Consents consents;
    private final Stores stores;

    SegmentPeople(JdbcClient jdbc, BuyerFigures identity, Consents consents, Stores stores) {
        this.jdbc = jdbc;
        this.identity = identity;
        this.consents = consents;
        this.stores = stores;
    }

    /** Pending events of one tenant, oldest first. */
    record Pending(UUID tenantId, List<Long> sequences) {
    }

    /** Pending events after {@code after} in the log, at most {@code limit}, by tenant. */
    List<Pending> pending(long after, int limit) {
        Map<UUID, List<Long>> byTenant = new LinkedHashMap<>();
        jdbc.sql("SELECT seq, tenant_id FROM segment_pending WHERE seq > :after ORDER BY seq LIMIT :limit")
                .param("after", after).param("limit", limit)
                .query((rs, row) -> byTenant.computeIfAbsent(rs.getObject("tenant_id", UUID.class),
                        t -> new ArrayList<>()).add(rs.getLong("seq")))
                .list();
        List<Pending> pending = new ArrayList<>();
        byTenant.forEach((tenant, seqs) -> pending.add(new Pending(tenant, seqs)));
        return pending;
    }

    /** The people whose events were given to them, and how many events left the pending list. */
    record Resolved(Set<UUID> people, int done) {
    }

    /** Gives these events their person where identity knows it; gives up on those that waited too long. */
    Resolved resolve(Pending pending, Instant now) {
        Map<Long, UUID> people = identity.people(pending.tenantId(), pending.sequences());
        Set<UUID> touched = new LinkedHashSet<>();
        for (Map.Entry<Long, UUID> e : people.entrySet()) {
            jdbc.sql("UPDATE segment_event SET person_id = :person WHERE seq = :seq AND tenant_id = :tenantId")
                    .param("person", e.getValue()).param("seq", e.getKey()).param("tenantId", pending.tenantId())
                    .update();
            touched.add(e.getValue());
        }
        if (!people.isEmpty()) {
            jdbc.sql("DELETE FROM segment_pending WHERE seq IN (:seqs)").param("seqs", people.keySet()).update();
        }
        int givenUp = jdbc.sql("DELETE FROM segment_pending WHERE tenant_id = :tenantId AND seq IN (:seqs)"
                        + " AND received_at < :cutoff")
                .param("tenantId", pending.tenantId()).param("seqs", pending.sequences())
                .param("cutoff", Timestamps.of(now.minus(GIVE_UP))).update();
        for (UUID person : touched) {
            jdbc.sql("""
                            INSERT INTO segment_person (tenant_id, person_id, seen_at)
                            SELECT :tenantId, :person, :now WHERE NOT EXISTS (SELECT 1 FROM segment_person
                                WHERE tenant_id = :tenantId AND person_id = :person)
                            """)
                    .param("tenantId", pending.tenantId()).param("person", person).param("now", Timestamps.of(now))
                    .update();
        }
        return new Resolved(touched, people.size() + givenUp);
    }

    /** Refreshes what the rules read about these people besides their events. */
    void refresh(UUID tenantId, Collection<UUID> people, Set<List<String>> consentPairs, Instant now) {
        Map<UUID, java.util.Optional<StoreRef>> storeCache = new HashMap<>();
        for (UUID person : people) {
            traits(tenantId, person, storeCache);
            consents(tenantId, person, consentPairs, now);
        }
    }

    /** The consents every tenant's rules may ask for without the cache being filled first: marketing on each channel. */
    static Set<List<String>> usualConsents() {
        Set<List<String>> pairs = new LinkedHashSet<>();
        CHANNELS.forEach(c -> pairs.add(List.of(c.value(), Purpose.MARKETING.value())));
        return pairs;
    }

    void consents(UUID tenantId, UUID person, Set<List<String>> pairs, Instant now) {
        for (List<String> pair : pairs) {
            Channel channel = Channel.of(pair.get(0)).orElseThrow();
            Purpose purpose = Purpose.of(pair.get(1)).orElseThrow();
            boolean granted = "granted".equals(consents.status(tenantId, person, null, null, channel, purpose));
            int updated = jdbc.sql("""
                            UPDATE segment_consent SET granted = :granted, checked_at = :now
                            WHERE tenant_id = :tenantId AND person_id = :person AND channel = :channel
                              AND purpose = :purpose
                            """)
                    .param("granted", granted).param("now", Timestamps.of(now)).param("tenantId", tenantId)
                    .param("person", person).param("channel", pair.get(0)).param("purpose", pair.get(1)).update();
            if (updated == 0) {
                jdbc.sql("""
                                INSERT INTO segment_consent (tenant_id, person_id, channel, purpose, granted, checked_at)
                                VALUES (:tenantId, :person, :channel, :purpose, :granted, :now)
                                """)
                        .param("granted", granted).param("now", Timestamps.of(now)).param("tenantId", tenantId)
                        .param("person", person).param("channel", pair.get(0)).param("purpose", pair.get(1))
                        .update();
            }
        }
    }

    /** Everyone of the tenant, for filling the consent cache when a rule asks for a consent not kept yet. */
    List<UUID> all(UUID tenantId) {
        return jdbc.sql("SELECT person_id FROM segment_person WHERE tenant_id = :tenantId")
                .param("tenantId", tenantId).query(UUID.class).list();
    }

    private void traits(UUID tenantId, UUID person, Map<UUID, java.util.Optional<StoreRef>> storeCache) {
        Map<String, String> traits = new HashMap<>();
        Map<UUID, Integer> visits = new HashMap<>();
        jdbc.sql("""
                        SELECT tags, store_id FROM segment_event WHERE tenant_id = :tenantId AND person_id = :person
                        ORDER BY occurred_at, seq
                        """)
                .param("tenantId", tenantId).param("person", person)
                .query((rs, row) -> {
                    String tags = rs.getString("tags");
                    if (tags != null) {
                        for (String tag : tags.split("\\|")) {
                            int eq = tag.indexOf('=');
                            if (eq > 0) {
                                String name = tag.substring(0, eq);
                                if (TRAITS.contains(name) || name.startsWith("identifier.") || name.equals("birthDate")) {
                                    traits.put(name, tag.substring(eq + 1));
                                }
                            }
                        }
                    }
                    UUID store = rs.getObject("store_id", UUID.class);
                    if (store != null) {
                        visits.merge(store, 1, Integer::sum);
                    }
                    return null;
                })
                .list();
        String birthDate = traits.remove("birthDate");
        if (birthDate != null) {
            try {
                traits.put("birthMonth", String.valueOf(LocalDate.parse(birthDate).getMonthValue()));
            } catch (DateTimeParseException e) {
                // a birth date that is no date tells no month
            }
        }
        visits.entrySet().stream().max(Map.Entry.<UUID, Integer>comparingByValue()
                        .thenComparing(e -> e.getKey().toString()))
                .flatMap(e -> storeCache.computeIfAbsent(e.getKey(), id -> stores.findById(tenantId, id)))
                .ifPresent(store -> traits.put("preferredStore", store.code()));
        jdbc.sql("DELETE FROM segment_trait WHERE tenant_id = :tenantId AND person_id = :person")
                .param("tenantId", tenantId).param("person", person).update();
        for (Map.Entry<String, String> trait : traits.entrySet()) {
            jdbc.sql("""
                            INSERT INTO segment_trait (tenant_id, person_id, name, trait_value)
                            VALUES (:tenantId, :person, :name, :value)
                            """)
                    .param("tenantId", tenantId).param("person", person).param("name", trait.getKey())
                    .param("value", trait.getValue().length() > 320 ? trait.getValue().substring(0, 320)
                            : trait.getValue())
                    .update();
        }
    }
}

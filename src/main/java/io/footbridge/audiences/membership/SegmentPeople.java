package io.footbridge.audiences.membership;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Consents;
import io.footbridge.consent.Purpose;
import io.footbridge.identity.BuyerFigures;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.JdbcTemplate;
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
import java.util.Optional;
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

    /** People whose traits and consents are refreshed in one go (an IN list, a batch of writes). */
    static final int CHUNK = 500;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final BuyerFigures identity;
    private final Consents consents;
    private final Stores stores;

    SegmentPeople(JdbcClient jdbc, JdbcTemplate batch, BuyerFigures identity, Consents consents, Stores stores) {
        this.jdbc = jdbc;
        this.batch = batch;
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
        Set<UUID> touched = new LinkedHashSet<>(people.values());
        List<Object[]> owners = new ArrayList<>(people.size());
        people.forEach((seq, person) -> owners.add(new Object[]{person, seq, pending.tenantId()}));
        batch.batchUpdate("UPDATE segment_event SET person_id = ? WHERE seq = ? AND tenant_id = ?", owners);
        if (!people.isEmpty()) {
            jdbc.sql("DELETE FROM segment_pending WHERE seq IN (:seqs)").param("seqs", people.keySet()).update();
        }
        int givenUp = jdbc.sql("DELETE FROM segment_pending WHERE tenant_id = :tenantId AND seq IN (:seqs)"
                        + " AND received_at < :cutoff")
                .param("tenantId", pending.tenantId()).param("seqs", pending.sequences())
                .param("cutoff", Timestamps.of(now.minus(GIVE_UP))).update();
        List<Object[]> seen = new ArrayList<>(touched.size());
        touched.forEach(person -> seen.add(new Object[]{pending.tenantId(), person, Timestamps.of(now),
                pending.tenantId(), person}));
        batch.batchUpdate("""
                INSERT INTO segment_person (tenant_id, person_id, seen_at)
                SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM segment_person WHERE tenant_id = ? AND person_id = ?)
                """, seen);
        return new Resolved(touched, people.size() + givenUp);
    }

    /**
     * Refreshes what the rules read about these people besides their events: a few statements for a chunk of
     * people (their events read at once, consents asked at once), and only the rows whose value changed written.
     */
    void refresh(UUID tenantId, Collection<UUID> people, Set<List<String>> consentPairs, Instant now) {
        Map<UUID, Optional<StoreRef>> storeCache = new HashMap<>();
        List<UUID> all = new ArrayList<>(new LinkedHashSet<>(people));
        for (int start = 0; start < all.size(); start += CHUNK) {
            List<UUID> chunk = all.subList(start, Math.min(all.size(), start + CHUNK));
            traits(tenantId, chunk, storeCache);
            consents(tenantId, chunk, consentPairs, now);
        }
    }

    /** The consents every tenant's rules may ask for without the cache being filled first: marketing on each channel. */
    static Set<List<String>> usualConsents() {
        Set<List<String>> pairs = new LinkedHashSet<>();
        CHANNELS.forEach(c -> pairs.add(List.of(c.value(), Purpose.MARKETING.value())));
        return pairs;
    }

    /** Copies the ledger's answers for these people (at most {@link #CHUNK} or so at once, or chunked here). */
    void consents(UUID tenantId, Collection<UUID> people, Set<List<String>> pairs, Instant now) {
        List<UUID> all = new ArrayList<>(new LinkedHashSet<>(people));
        if (all.size() > CHUNK) {
            for (int start = 0; start < all.size(); start += CHUNK) {
                consents(tenantId, all.subList(start, Math.min(all.size(), start + CHUNK)), pairs, now);
            }
            return;
        }
        if (all.isEmpty() || pairs.isEmpty()) {
            return;
        }
        List<Consents.Permission> permissions = pairs.stream().map(pair -> new Consents.Permission(
                Channel.of(pair.get(0)).orElseThrow(), Purpose.of(pair.get(1)).orElseThrow())).toList();
        Map<UUID, Map<Consents.Permission, String>> statuses = consents.statuses(tenantId, all, permissions);
        Map<List<Object>, Boolean> kept = new HashMap<>();
        jdbc.sql("""
                        SELECT person_id, channel, purpose, granted FROM segment_consent
                        WHERE tenant_id = :tenantId AND person_id IN (:people)
                        """)
                .param("tenantId", tenantId).param("people", all)
                .query((rs, row) -> kept.put(List.of(rs.getObject("person_id", UUID.class), rs.getString("channel"),
                        rs.getString("purpose")), rs.getBoolean("granted")))
                .list();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        for (UUID person : all) {
            Map<Consents.Permission, String> theirs = statuses.getOrDefault(person, Map.of());
            for (Consents.Permission permission : permissions) {
                boolean granted = "granted".equals(theirs.get(permission));
                String channel = permission.channel().value();
                String purpose = permission.purpose().value();
                Boolean was = kept.get(List.of(person, channel, purpose));
                if (was == null) {
                    inserts.add(new Object[]{tenantId, person, channel, purpose, granted, Timestamps.of(now)});
                } else if (was != granted) {
                    // an unchanged answer is not written again: most people's consents stay as they were
                    updates.add(new Object[]{granted, Timestamps.of(now), tenantId, person, channel, purpose});
                }
            }
        }
        batch.batchUpdate("""
                UPDATE segment_consent SET granted = ?, checked_at = ?
                WHERE tenant_id = ? AND person_id = ? AND channel = ? AND purpose = ?
                """, updates);
        batch.batchUpdate("""
                INSERT INTO segment_consent (tenant_id, person_id, channel, purpose, granted, checked_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, inserts);
    }

    /** Everyone of the tenant, for filling the consent cache when a rule asks for a consent not kept yet. */
    List<UUID> all(UUID tenantId) {
        return jdbc.sql("SELECT person_id FROM segment_person WHERE tenant_id = :tenantId")
                .param("tenantId", tenantId).query(UUID.class).list();
    }

    /** Traits of these people from all their events, read at once; only the traits that changed are written. */
    private void traits(UUID tenantId, List<UUID> people, Map<UUID, Optional<StoreRef>> storeCache) {
        Map<UUID, Map<String, String>> traits = new HashMap<>();
        Map<UUID, Map<UUID, Integer>> visits = new HashMap<>();
        people.forEach(person -> {
            traits.put(person, new HashMap<>());
            visits.put(person, new HashMap<>());
        });
        jdbc.sql("""
                        SELECT person_id, tags, store_id FROM segment_event
                        WHERE tenant_id = :tenantId AND person_id IN (:people)
                        ORDER BY occurred_at, seq
                        """)
                .param("tenantId", tenantId).param("people", people)
                .query((rs, row) -> {
                    UUID person = rs.getObject("person_id", UUID.class);
                    String tags = rs.getString("tags");
                    if (tags != null) {
                        Map<String, String> theirs = traits.get(person);
                        for (String tag : tags.split("\\|")) {
                            int eq = tag.indexOf('=');
                            if (eq > 0) {
                                String name = tag.substring(0, eq);
                                if (TRAITS.contains(name) || name.startsWith("identifier.") || name.equals("birthDate")) {
                                    theirs.put(name, tag.substring(eq + 1));
                                }
                            }
                        }
                    }
                    UUID store = rs.getObject("store_id", UUID.class);
                    if (store != null) {
                        visits.get(person).merge(store, 1, Integer::sum);
                    }
                    return null;
                })
                .list();
        Map<UUID, Map<String, String>> kept = new HashMap<>();
        jdbc.sql("SELECT person_id, name, trait_value FROM segment_trait WHERE tenant_id = :tenantId"
                        + " AND person_id IN (:people)")
                .param("tenantId", tenantId).param("people", people)
                .query((rs, row) -> kept.computeIfAbsent(rs.getObject("person_id", UUID.class), p -> new HashMap<>())
                        .put(rs.getString("name"), rs.getString("trait_value")))
                .list();
        List<Object[]> deletes = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        for (UUID person : people) {
            Map<String, String> theirs = traits.get(person);
            String birthDate = theirs.remove("birthDate");
            if (birthDate != null) {
                try {
                    theirs.put("birthMonth", String.valueOf(LocalDate.parse(birthDate).getMonthValue()));
                } catch (DateTimeParseException e) {
                    // a birth date that is no date tells no month
                }
            }
            visits.get(person).entrySet().stream().max(Map.Entry.<UUID, Integer>comparingByValue()
                            .thenComparing(e -> e.getKey().toString()))
                    .flatMap(e -> storeCache.computeIfAbsent(e.getKey(), id -> stores.findById(tenantId, id)))
                    .ifPresent(store -> theirs.put("preferredStore", store.code()));
            Map<String, String> was = kept.getOrDefault(person, Map.of());
            for (String name : was.keySet()) {
                String value = theirs.get(name);
                if (value == null || !was.get(name).equals(clip(value))) {
                    deletes.add(new Object[]{tenantId, person, name});
                }
            }
            theirs.forEach((name, value) -> {
                if (!clip(value).equals(was.get(name))) {
                    inserts.add(new Object[]{tenantId, person, name, clip(value)});
                }
            });
        }
        batch.batchUpdate("DELETE FROM segment_trait WHERE tenant_id = ? AND person_id = ? AND name = ?", deletes);
        batch.batchUpdate("INSERT INTO segment_trait (tenant_id, person_id, name, trait_value) VALUES (?, ?, ?, ?)",
                inserts);
    }

    private static String clip(String value) {
        return value.length() > 320 ? value.substring(0, 320) : value;
    }
}

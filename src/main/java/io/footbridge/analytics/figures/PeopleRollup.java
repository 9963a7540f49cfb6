package io.footbridge.analytics.figures;

import io.footbridge.identity.BuyerFigures;
import io.footbridge.identity.ProfileMerged;
import io.footbridge.identity.ProfileSplit;
import io.footbridge.platform.BackgroundWork;
import io.footbridge.platform.PersonalData;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps whose each sale and touch is now ({@code person_id}) and the per-person rollup built from it, so that no
 * figure asks identity about every sale on each request. A row is pending when identity is to be asked (it is new,
 * or its person was merged or split, or a void or refund changed it); a pass asks identity for a batch at a time and
 * rebuilds the rollup of every person whose rows changed, from that person's sales alone. Erasure makes the
 * person's rows no one's at once. All of these hold the {@code people} lock row, so none undoes another's work.
 */
@Component
class PeopleRollup implements PersonalData {

    private static final int BATCH = 2000;
    /** How long identity gets to resolve an event before the row counts as no one's (it had no identifier). */
    static final Duration GRACE = Duration.ofMinutes(10);

    /** The tables whose rows belong to people, and the column that finds one row of a tenant. */
    private enum Table {
        SALE("analytics_sale", "transaction_id"), TOUCH("analytics_touch", "seq");

        final String name;
        final String key;

        Table(String name, String key) {
            this.name = name;
            this.key = key;
        }
    }

    private final JdbcClient jdbc;
    private final BuyerFigures identity;
    private final TransactionTemplate transaction;
    private final PersonRows rows;
    private final BackgroundWork.Recurring task;

    PeopleRollup(JdbcClient jdbc, BuyerFigures identity, TransactionTemplate transaction, PersonRows rows,
                 BackgroundWork background) {
        this.jdbc = jdbc;
        this.identity = identity;
        this.transaction = transaction;
        this.rows = rows;
        this.task = background.recurring("analytics-people", Duration.ofSeconds(1), this::drain);
    }

    /** Asks for a pass soon, after rows were marked pending. */
    void wake() {
        task.wake();
    }

    /** Takes the lock row until the caller's transaction ends. */
    void lock() {
        jdbc.sql("SELECT name FROM analytics_lock WHERE name = 'people' FOR UPDATE").query(String.class).list();
    }

    /** Goes once through everything pending, in the caller's thread; answers how many rows were settled. */
    int drain() {
        int settled = 0;
        for (Table table : Table.values()) {
            long after = -1;
            while (after != Long.MAX_VALUE) {
                long from = after;
                long[] step = transaction.execute(status -> pass(table, from, Instant.now()));
                settled += (int) step[1];
                after = step[0];
            }
        }
        return settled;
    }

    private record Pending(UUID tenantId, Object key, long seq, UUID personId, Instant since) {
    }

    /** One batch after {@code after}: answers the last seq looked at (MAX_VALUE when done) and the rows settled. */
    private long[] pass(Table table, long after, Instant now) {
        lock();
        List<Pending> pending = jdbc.sql("SELECT tenant_id, " + table.key + " AS row_key, seq, person_id,"
                        + " pending_since FROM " + table.name + " WHERE pending AND seq > :after ORDER BY seq LIMIT "
                        + BATCH)
                .param("after", after)
                .query((rs, n) -> new Pending(rs.getObject("tenant_id", UUID.class), rs.getObject("row_key"),
                        rs.getLong("seq"), rs.getObject("person_id", UUID.class),
                        Timestamps.instant(rs, "pending_since")))
                .list();
        Map<UUID, List<Pending>> byTenant = new LinkedHashMap<>();
        pending.forEach(p -> byTenant.computeIfAbsent(p.tenantId(), k -> new ArrayList<>()).add(p));
        long settled = 0;
        for (Map.Entry<UUID, List<Pending>> tenant : byTenant.entrySet()) {
            Map<Long, UUID> owners = identity.people(tenant.getKey(),
                    tenant.getValue().stream().map(Pending::seq).toList());
            Set<UUID> changed = new HashSet<>();
            for (Pending p : tenant.getValue()) {
                UUID person = owners.get(p.seq());
                if (person == null && p.since() != null && p.since().isAfter(now.minus(GRACE))) {
                    continue; // identity has not got to it yet
                }
                jdbc.sql("UPDATE " + table.name + " SET person_id = :person, pending = FALSE, pending_since = NULL"
                                + " WHERE tenant_id = :tenantId AND " + table.key + " = :key")
                        .param("person", person).param("tenantId", p.tenantId()).param("key", p.key()).update();
                settled++;
                if (table == Table.SALE) {
                    // a void or refund leaves the person as they were, and their rollup still changes
                    changed.add(p.personId());
                    changed.add(person);
                }
            }
            changed.remove(null);
            rows.rebuild(tenant.getKey(), changed);
        }
        return new long[]{pending.size() < BATCH ? Long.MAX_VALUE : pending.get(pending.size() - 1).seq(), settled};
    }

    /** Marks the rows of these people to be asked about again. */
    void reconsider(UUID tenantId, Collection<UUID> people) {
        Instant now = Instant.now();
        for (Table table : Table.values()) {
            jdbc.sql("UPDATE " + table.name + " SET pending = TRUE, pending_since = :now"
                            + " WHERE tenant_id = :tenantId AND person_id IN (:people)")
                    .param("now", Timestamps.of(now)).param("tenantId", tenantId).param("people", people).update();
        }
    }

    @ApplicationModuleListener
    void on(ProfileMerged merged) {
        lock();
        reconsider(merged.tenantId(), List.of(merged.fromProfileId(), merged.rootId()));
        wake();
    }

    @ApplicationModuleListener
    void on(ProfileSplit split) {
        lock();
        reconsider(split.tenantId(), List.of(split.profileId(), split.formerRootId()));
        wake();
    }

    @Override
    public String section() {
        return "analytics";
    }

    /** Nothing to export: the rollup holds amounts and days, which the person's sales already show. */
    @Override
    public Object export(Person person) {
        return null;
    }

    /** The person's sales and touches stay, as no one's; their rollup rows go. */
    @Override
    public void erase(Person person) {
        lock();
        Set<UUID> ids = new HashSet<>(person.profileIds());
        ids.add(person.rootId());
        for (Table table : Table.values()) {
            jdbc.sql("UPDATE " + table.name + " SET person_id = NULL, pending = FALSE, pending_since = NULL"
                            + " WHERE tenant_id = :tenantId AND person_id IN (:ids)")
                    .param("tenantId", person.tenantId()).param("ids", ids).update();
            List<Long> events = person.events();
            // IN lists stay short enough for both databases' parameter limits
            for (int start = 0; start < events.size(); start += 1000) {
                jdbc.sql("UPDATE " + table.name + " SET person_id = NULL, pending = FALSE, pending_since = NULL"
                                + " WHERE tenant_id = :tenantId AND seq IN (:seqs)")
                        .param("tenantId", person.tenantId())
                        .param("seqs", events.subList(start, Math.min(events.size(), start + 1000))).update();
            }
        }
        rows.rebuild(person.tenantId(), ids);
        jdbc.sql("DELETE FROM analytics_person_lifetime WHERE tenant_id = :tenantId AND person_id IN (:ids)")
                .param("tenantId", person.tenantId()).param("ids", ids).update();
    }
}

package io.footbridge.journeys.flow;

import io.footbridge.capture.CaptureFeeds;
import io.footbridge.capture.CapturedEvent;
import io.footbridge.identity.BuyerFigures;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Event triggers and goals. Follows the capture log (the {@code journeys} feed), keeping the events some active
 * journey starts or ends on in {@code journey_pending} until identity names their person; then starts those journeys
 * for them and counts the goals. Idempotent, as the feed may hand an event over twice: an event reacted to is
 * remembered in {@code journey_pending_done} until the feed's cursor has passed it.
 */
@Component
class TriggerFeed {

    static final String FEED = "journeys";
    static final String PURCHASE = "pos.purchase";
    /** Events identity has not named a person for in this long are taken to have none. */
    static final Duration GIVE_UP = Duration.ofMinutes(10);
    private static final int BATCH = 1000;

    private final JdbcClient jdbc;
    private final JourneyRepository repository;
    private final Programs programs;
    private final BuyerFigures identity;
    private final Entering entering;
    private final Stores stores;
    private final JsonMapper json;
    private final CaptureFeeds.Feed feed;
    private final DueWake wake;
    private final PendingWake pendingWake;
    private final Replenishment replenishment;
    private final JdbcTemplate template;
    private final TransactionTemplate transaction;

    TriggerFeed(JdbcClient jdbc, JdbcTemplate template, TransactionTemplate transaction,
                JourneyRepository repository, Programs programs, BuyerFigures identity, Entering entering,
                Stores stores, JsonMapper json, CaptureFeeds feeds, DueWake wake, PendingWake pendingWake,
                Replenishment replenishment) {
        this.template = template;
        this.transaction = transaction;
        this.pendingWake = pendingWake;
        this.replenishment = replenishment;
        this.wake = wake;
        this.jdbc = jdbc;
        this.repository = repository;
        this.programs = programs;
        this.identity = identity;
        this.entering = entering;
        this.stores = stores;
        this.json = json;
        this.feed = feeds.follow(FEED, this::handle);
    }

    /** Runs the feed now, in the caller's thread. */
    int drain() {
        return feed.drain();
    }

    /** The event types each tenant's active journeys start or end on. */
    private Map<UUID, Set<String>> wanted() {
        Map<UUID, Set<String>> types = new HashMap<>();
        for (JourneyRepository.Saved j : repository.active(null)) {
            Program p = programs.of(j.id(), j.version());
            Set<String> t = types.computeIfAbsent(j.tenantId(), k -> new HashSet<>());
            if (p.trigger() instanceof Program.EventTrigger event) {
                t.add(event.type());
            }
            if (p.goal() != null) {
                t.add(p.goal().event());
            }
        }
        // waitFor steps of any version, as long as someone waits for them
        for (Object[] row : repository.listenedFor()) {
            types.computeIfAbsent((UUID) row[0], k -> new HashSet<>()).add((String) row[1]);
        }
        return types;
    }

    /** The feed's handler: it may be given an event again until the feed's cursor has passed it. */
    void handle(List<CapturedEvent> events) {
        Map<UUID, Set<String>> wanted = wanted();
        List<Object[]> rows = new ArrayList<>();
        for (CapturedEvent e : events) {
            // purchases always: replenishment dates come from every person's own history
            if (e.type().equals(PURCHASE) || wanted.getOrDefault(e.tenantId(), Set.of()).contains(e.type())) {
                String props = e.propertiesJson();
                rows.add(new Object[]{e.sequence(), e.tenantId(), e.type(), e.storeId(),
                        Timestamps.of(e.occurredAt()), Timestamps.of(e.receivedAt()),
                        props != null && props.length() <= Entering.CONTEXT ? props : null, e.sequence(),
                        e.sequence()});
            }
        }
        if (!rows.isEmpty()) {
            // one round trip for the batch rather than one per event
            template.batchUpdate("""
                    INSERT INTO journey_pending (seq, tenant_id, type, store_id, occurred_at, received_at, properties)
                    SELECT ?, ?, ?, ?, ?, ?, ?
                    WHERE NOT EXISTS (SELECT 1 FROM journey_pending WHERE seq = ?)
                      AND NOT EXISTS (SELECT 1 FROM journey_pending_done WHERE seq = ?)
                    """, rows);
            // identity may have named these people already: its wake came before they were kept
            pendingWake.afterCommit();
        }
    }

    private record Pending(long seq, UUID tenantId, String type, UUID storeId, Instant occurredAt,
                           Instant receivedAt, String properties) {
    }

    /** What one transaction of the pass did: people started, events finished (named or given up on), looked at. */
    private record Done(int started, int finished, int seen, long last) {
    }

    /**
     * Starts journeys and counts goals for the pending events whose person is known now; answers how many people it
     * started. Each tenant's pending events are taken in sequence order, {@value #BATCH} to a transaction, going on
     * while a batch was full and moved something (identity names people in sequence order: past a full batch of
     * which it has named no one, it has named no one yet).
     */
    public int resolvePending(Instant now) {
        int started = 0;
        // the feed hands over nothing at or below its cursor again
        jdbc.sql("DELETE FROM journey_pending_done WHERE seq <= :position").param("position", feed.position())
                .update();
        List<UUID> tenants = jdbc.sql("SELECT DISTINCT tenant_id FROM journey_pending").query(UUID.class).list();
        for (UUID tenantId : tenants) {
            long after = -1;
            while (true) {
                long from = after;
                // a later batch starts its people when it runs, not when the pass began
                Instant clock = Instant.now();
                Instant at = clock.isAfter(now) ? clock : now;
                Done done = transaction.execute(status -> resolve(tenantId, from, at));
                started += done.started();
                if (done.seen() < BATCH || done.finished() == 0) {
                    break;
                }
                after = done.last();
            }
        }
        return started;
    }

    /** One batch of a tenant's pending events after {@code after}: a few statements for the batch, not per event. */
    private Done resolve(UUID tenantId, long after, Instant now) {
        List<Pending> pending = jdbc.sql("""
                        SELECT seq, tenant_id, type, store_id, occurred_at, received_at, properties
                        FROM journey_pending WHERE tenant_id = :tenantId AND seq > :after
                        ORDER BY seq FETCH FIRST :n ROWS ONLY
                        """)
                .param("tenantId", tenantId).param("after", after).param("n", BATCH)
                .query((rs, row) -> new Pending(rs.getLong("seq"), rs.getObject("tenant_id", UUID.class),
                        rs.getString("type"), rs.getObject("store_id", UUID.class),
                        Timestamps.instant(rs, "occurred_at"), Timestamps.instant(rs, "received_at"),
                        rs.getString("properties"))).list();
        if (pending.isEmpty()) {
            return new Done(0, 0, 0, after);
        }
        Map<Long, UUID> people = identity.people(tenantId, pending.stream().map(Pending::seq).toList());
        List<Pending> named = new ArrayList<>();
        List<Long> finished = new ArrayList<>();
        for (Pending p : pending) {
            if (people.containsKey(p.seq())) {
                named.add(p);
                finished.add(p.seq());
            } else if (p.receivedAt().plus(GIVE_UP).isBefore(now)) {
                finished.add(p.seq());
            }
        }
        int started = react(tenantId, named, people, now);
        if (!finished.isEmpty()) {
            jdbc.sql("""
                            INSERT INTO journey_pending_done (seq, tenant_id)
                            SELECT seq, tenant_id FROM journey_pending WHERE seq IN (:seqs)
                            """)
                    .param("seqs", finished).update();
            jdbc.sql("DELETE FROM journey_pending WHERE seq IN (:seqs)").param("seqs", finished).update();
        }
        return new Done(started, finished.size(), pending.size(), pending.get(pending.size() - 1).seq());
    }

    /**
     * Replenishment's purchases, then goals and waits heard for every event, then the starts of each journey. As
     * entries start now, after the events occurred, a goal or a wait heard in the same batch is no one's new entry,
     * as when the events were taken one by one.
     */
    private int react(UUID tenantId, List<Pending> named, Map<Long, UUID> people, Instant now) {
        if (named.isEmpty()) {
            return 0;
        }
        List<JourneyRepository.Saved> journeys = repository.active(tenantId);
        // goals of every version count: people inside older versions convert too
        Map<String, List<UUID>> goals = new HashMap<>();
        for (JourneyRepository.Saved j : journeys) {
            Program program = programs.of(j.id(), j.version());
            if (program.goal() != null) {
                goals.computeIfAbsent(program.goal().event(), k -> new ArrayList<>()).add(j.id());
            }
        }
        List<JourneyRepository.PersonEvent> events = new ArrayList<>();
        List<JourneyRepository.PersonEvent> goalEvents = new ArrayList<>();
        List<List<UUID>> goalJourneys = new ArrayList<>();
        for (Pending p : named) {
            UUID person = people.get(p.seq());
            if (p.type().equals(PURCHASE)) {
                replenishment.purchase(p.tenantId(), person, p.storeId(), p.occurredAt(), p.properties());
            }
            var event = new JourneyRepository.PersonEvent(p.tenantId(), person, p.type(), p.storeId(),
                    p.occurredAt(), p.receivedAt());
            events.add(event);
            if (goals.containsKey(p.type())) {
                goalEvents.add(event);
                goalJourneys.add(goals.get(p.type()));
            }
        }
        repository.convert(goalEvents, goalJourneys, now);
        if (repository.heard(events, now)) {
            wake.wake();
        }
        int started = 0;
        Map<String, Optional<UUID>> storeIds = new HashMap<>();
        // journey by journey in id order, as merges lock people's rows
        for (JourneyRepository.Saved j : journeys.stream()
                .sorted(java.util.Comparator.comparing(JourneyRepository.Saved::id)).toList()) {
            Program program = programs.of(j.id(), j.version());
            if (program.trigger() instanceof Program.EventTrigger trigger && j.activatedAt() != null) {
                List<Entering.Start> starts = new ArrayList<>();
                for (Pending p : named) {
                    if (matches(trigger, p, storeIds) && !p.receivedAt().isBefore(j.activatedAt())) {
                        starts.add(new Entering.Start(people.get(p.seq()), p.storeId(), p.properties()));
                    }
                }
                started += entering.enterAll(j, starts, now);
            }
        }
        return started;
    }

    /** {@code storeIds}: the stores looked up by code in this batch, so each is looked up once. */
    private boolean matches(Program.EventTrigger trigger, Pending p, Map<String, Optional<UUID>> storeIds) {
        if (!trigger.type().equals(p.type())) {
            return false;
        }
        if (trigger.store() != null) {
            UUID storeId = storeIds.computeIfAbsent(trigger.store(),
                    code -> stores.findByCode(p.tenantId(), code).map(StoreRef::id)).orElse(null);
            if (storeId == null || !storeId.equals(p.storeId())) {
                return false;
            }
        }
        if (trigger.where() != null && !trigger.where().isEmpty()) {
            JsonNode props = p.properties() == null ? json.createObjectNode() : json.readTree(p.properties());
            for (Map.Entry<String, JsonNode> w : trigger.where().properties()) {
                JsonNode value = props.get(w.getKey());
                boolean same = value != null && (value.isArray()
                        ? java.util.stream.StreamSupport.stream(value.spliterator(), false)
                        .anyMatch(v -> Objects.equals(v.asString(), w.getValue().asString()))
                        : Objects.equals(value.asString(), w.getValue().asString()));
                if (!same) {
                    return false;
                }
            }
        }
        return true;
    }
}

package io.footbridge.journeys.flow;

import io.footbridge.capture.CaptureFeeds;
import io.footbridge.capture.CapturedEvent;
import io.footbridge.identity.BuyerFigures;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
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

    TriggerFeed(JdbcClient jdbc, JourneyRepository repository, Programs programs, BuyerFigures identity,
                Entering entering, Stores stores, JsonMapper json, CaptureFeeds feeds, DueWake wake,
                PendingWake pendingWake, Replenishment replenishment) {
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
            for (Object[] row : rows) {
                jdbc.sql("""
                                INSERT INTO journey_pending (seq, tenant_id, type, store_id, occurred_at, received_at,
                                    properties)
                                SELECT ?, ?, ?, ?, ?, ?, ?
                                WHERE NOT EXISTS (SELECT 1 FROM journey_pending WHERE seq = ?)
                                  AND NOT EXISTS (SELECT 1 FROM journey_pending_done WHERE seq = ?)
                                """)
                        .params(row).update();
            }
            // identity may have named these people already: its wake came before they were kept
            pendingWake.afterCommit();
        }
    }

    private record Pending(long seq, UUID tenantId, String type, UUID storeId, Instant occurredAt,
                           Instant receivedAt, String properties) {
    }

    /** Starts journeys and counts goals for the pending events whose person is known now; answers how many. */
    @Transactional
    public int resolvePending(Instant now) {
        int done = 0;
        // the feed hands over nothing at or below its cursor again
        jdbc.sql("DELETE FROM journey_pending_done WHERE seq <= :position").param("position", feed.position())
                .update();
        List<UUID> tenants = jdbc.sql("SELECT DISTINCT tenant_id FROM journey_pending").query(UUID.class).list();
        for (UUID tenantId : tenants) {
            List<Pending> pending = jdbc.sql("""
                            SELECT seq, tenant_id, type, store_id, occurred_at, received_at, properties
                            FROM journey_pending WHERE tenant_id = :tenantId ORDER BY seq FETCH FIRST :n ROWS ONLY
                            """)
                    .param("tenantId", tenantId).param("n", BATCH)
                    .query((rs, row) -> new Pending(rs.getLong("seq"), rs.getObject("tenant_id", UUID.class),
                            rs.getString("type"), rs.getObject("store_id", UUID.class),
                            Timestamps.instant(rs, "occurred_at"), Timestamps.instant(rs, "received_at"),
                            rs.getString("properties"))).list();
            Map<Long, UUID> people = identity.people(tenantId, pending.stream().map(Pending::seq).toList());
            List<JourneyRepository.Saved> journeys = repository.active(tenantId);
            List<Long> finished = new ArrayList<>();
            for (Pending p : pending) {
                UUID person = people.get(p.seq());
                if (person != null) {
                    react(p, person, journeys, now);
                    finished.add(p.seq());
                    done++;
                } else if (p.receivedAt().plus(GIVE_UP).isBefore(now)) {
                    finished.add(p.seq());
                }
            }
            if (!finished.isEmpty()) {
                jdbc.sql("""
                                INSERT INTO journey_pending_done (seq, tenant_id)
                                SELECT seq, tenant_id FROM journey_pending WHERE seq IN (:seqs)
                                """)
                        .param("seqs", finished).update();
                jdbc.sql("DELETE FROM journey_pending WHERE seq IN (:seqs)").param("seqs", finished).update();
            }
        }
        return done;
    }

    private void react(Pending p, UUID person, List<JourneyRepository.Saved> journeys, Instant now) {
        if (p.type().equals(PURCHASE)) {
            replenishment.purchase(p.tenantId(), person, p.storeId(), p.occurredAt(), p.properties());
        }
        List<UUID> goals = new ArrayList<>();
        for (JourneyRepository.Saved j : journeys) {
            Program program = programs.of(j.id(), j.version());
            if (program.goal() != null && program.goal().event().equals(p.type())) {
                goals.add(j.id());
            }
        }
        // goals of every version count: people inside older versions convert too
        repository.convert(p.tenantId(), person, goals, p.occurredAt(), now);
        if (repository.heard(p.tenantId(), person, p.type(), p.storeId(), p.occurredAt(), p.receivedAt(), now) > 0) {
            wake.wake();
        }
        for (JourneyRepository.Saved j : journeys) {
            Program program = programs.of(j.id(), j.version());
            if (program.trigger() instanceof Program.EventTrigger trigger && matches(trigger, p)
                    && j.activatedAt() != null && !p.receivedAt().isBefore(j.activatedAt())) {
                entering.enter(j, person, p.storeId(), p.properties(), now);
            }
        }
    }

    private boolean matches(Program.EventTrigger trigger, Pending p) {
        if (!trigger.type().equals(p.type())) {
            return false;
        }
        if (trigger.store() != null) {
            UUID storeId = stores.findByCode(p.tenantId(), trigger.store()).map(StoreRef::id).orElse(null);
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

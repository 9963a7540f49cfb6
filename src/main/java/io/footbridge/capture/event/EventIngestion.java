package io.footbridge.capture.event;

import io.footbridge.capture.EventRecorder;
import io.footbridge.capture.TouchpointsCaptured;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The way in for every event: validate each item, append the valid ones in one batch, keep the invalid ones in the
 * failed-events store, and announce the write with one coarse module event. All in one transaction, so a 2xx
 * answer means the events are durable. A single valid event, from a caller without a transaction of its own, is
 * written in a group commit with the others arriving at the same moment ({@link EventGroups}).
 */
@Service
public class EventIngestion implements EventRecorder {

    private final EventValidator validator;
    private final EventRepository events;
    private final FailedEventRepository failures;
    private final ApplicationEventPublisher publisher;
    private final EventGroups groups;
    private final TransactionTemplate transaction;

    EventIngestion(EventValidator validator, EventRepository events, FailedEventRepository failures,
                   ApplicationEventPublisher publisher, EventGroups groups, PlatformTransactionManager transactions) {
        this.validator = validator;
        this.events = events;
        this.failures = failures;
        this.publisher = publisher;
        this.groups = groups;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** @param idempotencyKey stands in for a missing eventId; only meaningful for a single event */
    public List<ItemResult> ingest(Actor actor, String source, List<JsonNode> items, String idempotencyKey) {
        return ingest(actor, source, items, idempotencyKey, false);
    }

    /**
     * Validates before any transaction, so that a single event can join a group commit and an invalid one never
     * holds a group up; the write then runs in the caller's transaction or one of its own.
     *
     * @param history true for past events written in bulk, which may be older than the API's lateness window
     */
    public List<ItemResult> ingest(Actor actor, String source, List<JsonNode> items, String idempotencyKey,
                                   boolean history) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<EventValidator.Outcome> outcomes = new ArrayList<>(items.size());
        try (var patterns = validator.patternBudget()) {
            for (JsonNode item : items) {
                outcomes.add(validator.validate(actor, item, idempotencyKey, now, history));
            }
        }
        if (outcomes.size() == 1 && outcomes.get(0) instanceof EventValidator.Valid ok && groups.applies()) {
            boolean inserted = groups.append(actor.tenantId(), source, now, ok.event());
            return List.of(new ItemResult(0, inserted ? ItemResult.Status.ACCEPTED : ItemResult.Status.DUPLICATE,
                    ok.event().eventId(), null, null));
        }
        return transaction.execute(status -> write(actor, source, items, outcomes, now));
    }

    private List<ItemResult> write(Actor actor, String source, List<JsonNode> items,
                                   List<EventValidator.Outcome> outcomes, Instant now) {
        List<ValidatedEvent> valid = new ArrayList<>();
        List<FailedEventRepository.NewFailure> rejected = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) instanceof EventValidator.Valid ok) {
                valid.add(ok.event());
            } else if (outcomes.get(i) instanceof EventValidator.Invalid bad) {
                rejected.add(new FailedEventRepository.NewFailure(UUID.randomUUID(), truncate(bad.eventId()),
                        String.valueOf(items.get(i)), bad.errors()));
            }
        }
        boolean[] inserted = append(actor.tenantId(), source, now, valid);
        if (!rejected.isEmpty()) {
            failures.insert(actor.tenantId(), source, now, rejected);
        }
        List<ItemResult> results = new ArrayList<>(items.size());
        int v = 0;
        int r = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) instanceof EventValidator.Valid ok) {
                results.add(new ItemResult(i, inserted[v++] ? ItemResult.Status.ACCEPTED : ItemResult.Status.DUPLICATE,
                        ok.event().eventId(), null, null));
            } else {
                var failure = rejected.get(r++);
                results.add(new ItemResult(i, ItemResult.Status.REJECTED, failure.eventId(), failure.reasons(),
                        failure.id()));
            }
        }
        return results;
    }

    /** Appends events that the module built itself (a POS sale's purchase event), already trusted. */
    @Transactional
    public boolean[] append(UUID tenantId, String source, Instant receivedAt, List<ValidatedEvent> valid) {
        if (valid.isEmpty()) {
            return new boolean[0];
        }
        boolean[] inserted = events.append(tenantId, source, receivedAt, valid);
        int accepted = 0;
        for (boolean b : inserted) {
            accepted += b ? 1 : 0;
        }
        if (accepted > 0) {
            publisher.publishEvent(new TouchpointsCaptured(tenantId, source, accepted, receivedAt));
        }
        return inserted;
    }

    /** A single event outside any transaction (a scan) joins a group commit; otherwise as {@link #append}. */
    @Override
    public boolean[] record(UUID tenantId, String source, List<NewEvent> events) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<ValidatedEvent> valid = events.stream()
                .map(e -> new ValidatedEvent(e.eventId(), e.type(), e.occurredAt(), e.storeId(), e.touchpointId(),
                        e.identifiersJson(), e.propertiesJson()))
                .toList();
        if (valid.size() == 1 && groups.applies()) {
            return new boolean[]{groups.append(tenantId, source, now, valid.get(0))};
        }
        return transaction.execute(status -> append(tenantId, source, now, valid));
    }

    /**
     * Runs a failed event through validation again; it stays open with fresh reasons if it still fails. The row is
     * locked first, so two replays of one failure at the same moment capture it once: the second finds it resolved.
     */
    @Transactional
    ItemResult replay(Actor actor, FailedEvent failed, JsonNode payload) {
        if (!failures.lockOpen(actor.tenantId(), failed.id())) {
            throw ProblemException.conflict("failed-event-resolved", "This failed event was already resolved.");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        EventValidator.Outcome outcome = validator.validate(actor, payload, null, now);
        if (outcome instanceof EventValidator.Invalid bad) {
            failures.updateReasons(actor.tenantId(), failed.id(), bad.errors());
            return new ItemResult(0, ItemResult.Status.REJECTED, bad.eventId(), bad.errors(), failed.id());
        }
        ValidatedEvent event = ((EventValidator.Valid) outcome).event();
        boolean inserted = append(actor.tenantId(), "replay", now, List.of(event))[0];
        failures.resolve(actor.tenantId(), failed.id(), FailedEvent.REPLAYED);
        return new ItemResult(0, inserted ? ItemResult.Status.ACCEPTED : ItemResult.Status.DUPLICATE,
                event.eventId(), null, null);
    }

    private static String truncate(String eventId) {
        return eventId == null || eventId.length() <= 100 ? eventId : eventId.substring(0, 100);
    }

}

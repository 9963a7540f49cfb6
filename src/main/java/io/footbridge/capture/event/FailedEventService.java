package io.footbridge.capture.event;

import io.footbridge.capture.FailedEvents;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Scope;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The failed-events store for the console and the API's replay of many: the same rules as the API's operations. */
@Service
class FailedEventService implements FailedEvents {

    private final FailedEventRepository failures;
    private final EventIngestion ingestion;

    FailedEventService(FailedEventRepository failures, EventIngestion ingestion) {
        this.failures = failures;
        this.ingestion = ingestion;
    }

    @Override
    public List<Failure> list(Actor actor, Filter filter, Cursor after, int limit) {
        requireAllowed(actor);
        if (!STATUSES.contains(filter.status())) {
            throw ProblemException.invalid("status", "must be one of " + String.join(", ", STATUSES));
        }
        String source = filter.source() == null || filter.source().isBlank() ? null : filter.source().strip();
        return failures.list(actor.tenantId(), filter.status(), source, filter.reason(),
                        after == null ? null : after.receivedAt(), after == null ? null : after.id(), limit)
                .stream().map(FailedEventService::failure).toList();
    }

    @Override
    public Failure get(Actor actor, UUID id) {
        requireAllowed(actor);
        return failure(find(actor, id));
    }

    @Override
    public List<Replay> replay(Actor actor, List<UUID> ids) {
        requireAllowed(actor);
        if (ids == null || ids.isEmpty() || ids.size() > MAX_REPLAY) {
            throw ProblemException.invalid("ids", "must name between 1 and " + MAX_REPLAY + " failed events");
        }
        List<Replay> results = new ArrayList<>();
        for (UUID id : new LinkedHashSet<>(ids)) {
            results.add(replayOne(actor, id));
        }
        return results;
    }

    private Replay replayOne(Actor actor, UUID id) {
        Optional<FailedEvent> failed = failures.find(actor.tenantId(), id);
        if (failed.isEmpty()) {
            return new Replay(id, "not_found", List.of());
        }
        if (!FailedEvent.OPEN.equals(failed.get().status())) {
            return new Replay(id, "resolved", List.of());
        }
        try {
            ItemResult result = ingestion.replay(actor, failed.get(), failed.get().payload());
            return new Replay(id, result.status().value(), result.errors() == null ? List.of() : result.errors());
        } catch (ProblemException refused) {
            if (refused.status() != org.springframework.http.HttpStatus.CONFLICT) {
                throw refused;
            }
            return new Replay(id, "resolved", List.of()); // replayed or discarded since it was read above
        }
    }

    @Override
    @Transactional
    public void discard(Actor actor, UUID id) {
        requireAllowed(actor);
        FailedEvent failed = find(actor, id);
        if (failures.resolve(actor.tenantId(), id, FailedEvent.DISCARDED) == 0) {
            throw ProblemException.conflict("failed-event-resolved", "This failed event was already "
                    + failed.status() + ".");
        }
    }

    private FailedEvent find(Actor actor, UUID id) {
        return failures.find(actor.tenantId(), id).orElseThrow(() -> ProblemException.notFound("failed event", id));
    }

    /** As the API's operations: the events:write scope, and the whole tenant's, so no store binding. */
    private static void requireAllowed(Actor actor) {
        if (!actor.has(Scope.EVENTS_WRITE)) {
            throw ProblemException.forbidden("Failed events need the events:write scope.");
        }
        if (!actor.allStores()) {
            throw ProblemException.forbidden("Failed events are the whole tenant's: store-bound credentials cannot"
                    + " read or replay them.");
        }
    }

    private static Failure failure(FailedEvent failed) {
        JsonNode payload = failed.payload();
        return new Failure(failed.id(), failed.source(), failed.receivedAt(), failed.eventId(),
                payload.isString() ? payload.asString() : payload.toPrettyString(), failed.reasons(),
                failed.status(), failed.resolvedAt());
    }
}

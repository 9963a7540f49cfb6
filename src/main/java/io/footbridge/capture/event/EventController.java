package io.footbridge.capture.event;

import io.footbridge.capture.CapturedEvent;
import io.footbridge.platform.Actor;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static io.footbridge.platform.Reach.Level.PER_STORE;

@RestController
@RequestMapping("/api/v1/events")
@Tag(name = "Events", description = "Touchpoint events: one at a time or in batches of up to 1,000, idempotent by eventId")
@Reach(PER_STORE)
class EventController {

    private final EventIngestion ingestion;
    private final EventRepository events;
    private final CaptureProperties properties;

    EventController(EventIngestion ingestion, EventRepository events, CaptureProperties properties) {
        this.ingestion = ingestion;
        this.events = events;
        this.properties = properties;
    }

    record Accepted(String status, String eventId) {
    }

    record BatchResult(List<ItemResult> results, int accepted, int duplicates, int rejected) {
    }

    record EventPage(List<CapturedEvent> items, Long next) {
    }

    @PostMapping
    @PreAuthorize("hasAuthority('SCOPE_events:write')")
    @Operation(summary = "Capture one event: 201 when accepted, 200 when it was already there, 400 with the "
            + "reasons when rejected (and kept in the failed events)")
    ResponseEntity<?> capture(@AuthenticationPrincipal Actor actor,
                              @RequestHeader(name = "Idempotency-Key", required = false) @Size(max = 100)
                              String idempotencyKey,
                              @RequestBody JsonNode event) {
        return answer(ingestion.ingest(actor, "api", List.of(event), idempotencyKey).get(0));
    }

    /** 201 for a new event, 200 for one already kept, 400 with the reasons (and the failed event) otherwise. */
    static ResponseEntity<?> answer(ItemResult result) {
        return switch (result.status()) {
            case ACCEPTED -> ResponseEntity.status(HttpStatus.CREATED).body(new Accepted("accepted", result.eventId()));
            case DUPLICATE -> ResponseEntity.ok(new Accepted("duplicate", result.eventId()));
            case REJECTED -> rejected(result);
        };
    }

    @PostMapping("/batch")
    @PreAuthorize("hasAuthority('SCOPE_events:write')")
    @Operation(summary = "Capture up to 1,000 events; every item gets its own result, in request order")
    BatchResult captureBatch(@AuthenticationPrincipal Actor actor, @RequestBody JsonNode body) {
        JsonNode items = body.get("events");
        if (!body.isObject() || items == null || !items.isArray()) {
            throw ProblemException.invalid("events", "must be an array of events");
        }
        List<FieldError> unknown = new ArrayList<>();
        body.propertyNames().forEach(name -> {
            if (!name.equals("events")) {
                unknown.add(new FieldError(name, "is not a known field"));
            }
        });
        if (!unknown.isEmpty()) {
            throw ProblemException.invalid(unknown);
        }
        if (items.isEmpty() || items.size() > properties.maxBatchSize()) {
            throw ProblemException.invalid("events", "must hold between 1 and " + properties.maxBatchSize()
                    + " events, not " + items.size());
        }
        List<JsonNode> list = new ArrayList<>(items.size());
        items.forEach(list::add);
        List<ItemResult> results = ingestion.ingest(actor, "batch", list, null);
        int accepted = 0;
        int duplicates = 0;
        for (ItemResult result : results) {
            accepted += result.status() == ItemResult.Status.ACCEPTED ? 1 : 0;
            duplicates += result.status() == ItemResult.Status.DUPLICATE ? 1 : 0;
        }
        return new BatchResult(results, accepted, duplicates, results.size() - accepted - duplicates);
    }

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_events:read')")
    @Operation(summary = "Read the captured events in the order they were kept: the tenant's, or a store-bound"
            + " caller's stores'")
    EventPage list(@AuthenticationPrincipal Actor actor,
                   @RequestParam(defaultValue = "0") @Min(0) long after,
                   @RequestParam(required = false) String type,
                   @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        List<CapturedEvent> items = events.list(actor.tenantId(), actor.allStores() ? null : actor.storeIds(),
                after, type, limit);
        Long next = items.size() == limit ? items.get(items.size() - 1).sequence() : null;
        return new EventPage(items, next);
    }

    private static ResponseEntity<ProblemDetail> rejected(ItemResult result) {
        ProblemException problem = ProblemException.invalid(result.errors());
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage()
                + " The event is kept as failed event " + result.failedEventId() + " for replay.");
        detail.setType(ProblemException.typeUri(problem.type()));
        detail.setTitle(problem.title());
        detail.setProperty("errors", result.errors());
        detail.setProperty("failedEventId", result.failedEventId());
        return ResponseEntity.badRequest().contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(detail);
    }
}

package io.footbridge.capture.event;

import io.footbridge.capture.FailedEvents;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@RequestMapping("/api/v1/failed-events")
@PreAuthorize("hasAuthority('SCOPE_events:write')")
@Tag(name = "Failed events", description = "Rejected input kept with its reasons: list, fix, replay or discard")
@Reach(TENANT_WIDE)
class FailedEventController {

    private final FailedEventRepository failures;
    private final EventIngestion ingestion;
    private final FailedEvents store;

    FailedEventController(FailedEventRepository failures, EventIngestion ingestion, FailedEvents store) {
        this.failures = failures;
        this.ingestion = ingestion;
        this.store = store;
    }

    record ReplayRequest(@NotEmpty @Size(max = FailedEvents.MAX_REPLAY) List<@NotNull UUID> ids) {
    }

    record ReplayResults(List<FailedEvents.Replay> items) {
    }

    record FailedEventList(List<FailedEvent> items, int limit, int offset) {
    }

    @GetMapping
    @Operation(summary = "List failed events, newest first")
    FailedEventList list(@AuthenticationPrincipal Actor actor,
                         @RequestParam(defaultValue = "open") @Pattern(regexp = "open|replayed|discarded") String status,
                         @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
                         @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return new FailedEventList(failures.list(actor.tenantId(), status, limit, offset), limit, offset);
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a failed event with its payload and reasons")
    FailedEvent get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return find(actor, id);
    }

    /** Without a body the stored payload is tried again (say, after the missing store was created). */
    @PostMapping("/{id}/replay")
    @Operation(summary = "Replay a failed event, as stored or corrected in the body")
    ResponseEntity<?> replay(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                             @RequestBody(required = false) JsonNode corrected) {
        FailedEvent failed = find(actor, id);
        if (!FailedEvent.OPEN.equals(failed.status())) {
            throw ProblemException.conflict("failed-event-resolved", "This failed event was already "
                    + failed.status() + ".");
        }
        return EventController.answer(ingestion.replay(actor, failed, corrected != null ? corrected : failed.payload()));
    }

    /** Each as stored, in its own transaction; one still invalid or already resolved does not stop the others. */
    @PostMapping("/replay")
    @Operation(summary = "Replay up to 100 failed events as stored; each gets its own outcome, in request order")
    ReplayResults replayMany(@AuthenticationPrincipal Actor actor, @Valid @RequestBody ReplayRequest request) {
        return new ReplayResults(store.replay(actor, request.ids()));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Transactional
    @Operation(summary = "Discard a failed event: it stays listed as discarded")
    void discard(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        find(actor, id);
        failures.resolve(actor.tenantId(), id, FailedEvent.DISCARDED);
    }

    private FailedEvent find(Actor actor, UUID id) {
        return failures.find(actor.tenantId(), id).orElseThrow(() -> ProblemException.notFound("failed event", id));
    }
}

package io.footbridge.journeys.flow;

import io.footbridge.journeys.Journeys;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@RequestMapping("/api/v1/journeys")
@Tag(name = "Journeys", description = "Triggers, steps with durable waits, goals, holdouts and their figures")
@Reach(TENANT_WIDE)
class JourneyController {

    private final Journeys journeys;

    JourneyController(Journeys journeys) {
        this.journeys = journeys;
    }

    /** {@code webhookSecret}: what the journey's webhook calls are signed with, shown this once. */
    record Created(UUID id, String webhookSecret) {
    }

    record Secret(String webhookSecret) {
    }

    record JourneyList(List<Journeys.Journey> items) {
    }

    record Entered(UUID entryId, boolean entered) {
    }

    record StepList(List<Journeys.PersonStep> items) {
    }

    record ReadyMadeList(List<Journeys.ReadyMade> items) {
    }

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_journeys:read')")
    @Operation(summary = "List journeys with their status and how many people are in them")
    JourneyList list(@AuthenticationPrincipal Actor actor) {
        return new JourneyList(journeys.list(actor));
    }

    @PostMapping
    @PreAuthorize("hasAuthority('SCOPE_journeys:write')")
    @Operation(summary = "Create a journey (a draft) from {name, trigger, steps, goal?, reentry?, holdoutPercent?}")
    ResponseEntity<Created> create(@AuthenticationPrincipal Actor actor, @RequestBody JsonNode body) {
        UUID id = journeys.create(actor, body);
        return ResponseEntity.created(URI.create("/api/v1/journeys/" + id))
                .body(new Created(id, journeys.newWebhookSecret(actor, id)));
    }

    @PostMapping("/{id}/webhook-secret")
    @PreAuthorize("hasAuthority('SCOPE_journeys:write')")
    @Operation(summary = "Make a new secret the journey's webhook calls are signed with; shown this once")
    Secret newWebhookSecret(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return new Secret(journeys.newWebhookSecret(actor, id));
    }

    @GetMapping("/ready-made")
    @PreAuthorize("hasAuthority('SCOPE_journeys:read')")
    @Operation(summary = "Ready-made journeys to start from: welcome, thank-you, win-back, birthday, review request")
    ReadyMadeList readyMade() {
        return new ReadyMadeList(journeys.readyMade());
    }

    @PostMapping("/ready-made/{key}")
    @PreAuthorize("hasAuthority('SCOPE_journeys:write')")
    @Operation(summary = "Switch on a ready-made journey: saves it as a draft to edit and activate; 201 {id}")
    ResponseEntity<Created> switchOn(@AuthenticationPrincipal Actor actor, @PathVariable String key) {
        UUID id = journeys.createFromReadyMade(actor, key);
        return ResponseEntity.created(URI.create("/api/v1/journeys/" + id))
                .body(new Created(id, journeys.newWebhookSecret(actor, id)));
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_journeys:read')")
    @Operation(summary = "A journey with its newest version")
    Journeys.Journey get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return journeys.get(actor, id);
    }

    @PutMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_journeys:write')")
    @Operation(summary = "Save a new version; people inside finish the version they entered")
    Journeys.Journey update(@AuthenticationPrincipal Actor actor, @PathVariable UUID id, @RequestBody JsonNode body) {
        return journeys.update(actor, id, body);
    }

    @PostMapping("/{id}/activate")
    @PreAuthorize("hasAuthority('SCOPE_journeys:write')")
    @Operation(summary = "Start (or resume) the journey: its trigger puts people in, their steps run")
    Journeys.Journey activate(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return journeys.activate(actor, id);
    }

    @PostMapping("/{id}/pause")
    @PreAuthorize("hasAuthority('SCOPE_journeys:write')")
    @Operation(summary = "Pause: nobody enters and people inside wait where they are until it is resumed")
    Journeys.Journey pause(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return journeys.pause(actor, id);
    }

    @PostMapping("/{id}/archive")
    @PreAuthorize("hasAuthority('SCOPE_journeys:write')")
    @Operation(summary = "End the journey for good; people inside leave it")
    Journeys.Journey archive(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return journeys.archive(actor, id);
    }

    @GetMapping("/{id}/stats")
    @PreAuthorize("hasAuthority('SCOPE_journeys:read')")
    @Operation(summary = "People per step, outcomes, goal conversions of treated and held-out people, and the lift")
    Journeys.Stats stats(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                         @RequestParam(required = false) Integer version) {
        return journeys.stats(actor, id, version);
    }

    @PostMapping("/{id}/entries")
    @PreAuthorize("hasAuthority('SCOPE_journeys:write')")
    @Operation(summary = "Put a person in an active journey (the API trigger); entered is false when the re-entry"
            + " policy keeps them out")
    ResponseEntity<Entered> enter(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                                  @RequestBody JsonNode body) {
        if (body == null || !body.isObject() || !body.path("personId").isString()) {
            throw ProblemException.invalid("personId", "is required: the person's profile id");
        }
        for (String field : body.propertyNames()) {
            if (!field.equals("personId")) {
                throw ProblemException.invalid(field, "is not a field here; give personId");
            }
        }
        UUID person;
        try {
            person = UUID.fromString(body.get("personId").asString());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("personId", "is not an id");
        }
        UUID entry = journeys.enter(actor, id, person);
        return ResponseEntity.status(entry == null ? 200 : 201).body(new Entered(entry, entry != null));
    }

    @GetMapping("/people/{personId}")
    @PreAuthorize("hasAuthority('SCOPE_journeys:read')")
    @Operation(summary = "The journey steps a person went through, newest first")
    StepList steps(@AuthenticationPrincipal Actor actor, @PathVariable UUID personId,
                   @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return new StepList(journeys.steps(actor, personId, limit));
    }
}

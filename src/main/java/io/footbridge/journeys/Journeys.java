package io.footbridge.journeys;

import io.footbridge.analytics.Comparison;
import io.footbridge.platform.Actor;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Journeys for the API and the console. Problems come as {@link io.footbridge.platform.ProblemException}s naming the
 * step ({@code steps[2].wait}); another tenant's journey is not found.
 */
public interface Journeys {

    /**
     * A journey with its newest version's definition; {@code status} draft, active, paused or archived;
     * {@code active} people inside now, {@code entered} every entry, {@code converted} entries that reached the goal.
     */
    record Journey(UUID id, String name, String status, int version, JsonNode definition, long active,
                   long entered, long converted, Instant createdAt, Instant updatedAt) {
    }

    /**
     * One step of a version: where it was written, what it is, how deep it sits in branches, the people waiting at
     * it now and how often it ended in each way (done, sent, blocked, held_out, failed, unknown, parked).
     */
    record StepFigures(String path, String kind, int depth, long waiting, java.util.Map<String, Long> outcomes) {
    }

    /** People who entered and reached the goal, treated and held out. */
    record Arm(String name, long entered, long converted) {
    }

    /** {@code lift}: treated against the holdout, null until both have people. */
    record Stats(UUID id, int version, long entered, long active, long done, long converted, Arm treated,
                 Arm holdout, Comparison.Outcome lift, List<StepFigures> steps) {
    }

    /** One step a person went through, for their timeline. */
    record PersonStep(UUID journeyId, String journey, int version, String path, String kind, String status,
                      String detail, Instant at) {
    }

    /** A ready-made journey a tenant can start from. */
    record ReadyMade(String key, JsonNode definition) {
    }

    List<Journey> list(Actor actor);

    Journey get(Actor actor, UUID id);

    /** Saves a draft after checking it; answers its id. */
    UUID create(Actor actor, JsonNode definition);

    /**
     * Makes the journey a new secret its webhook calls are signed with ({@code X-Footbridge-Signature}), replacing
     * the one before; this answer is the only time it is shown.
     */
    String newWebhookSecret(Actor actor, UUID id);

    /** Saves a new version; people inside finish the version they entered. */
    Journey update(Actor actor, UUID id, JsonNode definition);

    Journey activate(Actor actor, UUID id);

    Journey pause(Actor actor, UUID id);

    /** Ends it for good: people inside leave it. */
    Journey archive(Actor actor, UUID id);

    /** Figures of the newest version (or {@code version}, when given). */
    Stats stats(Actor actor, UUID id, Integer version);

    /** Puts a person in an active journey as its trigger would; null when the re-entry policy keeps them out. */
    UUID enter(Actor actor, UUID id, UUID personId);

    /** The steps a person went through in every journey, newest first. */
    List<PersonStep> steps(Actor actor, UUID personId, int limit);

    List<ReadyMade> readyMade();

    /** Switches on a ready-made journey: saves it as a draft of the tenant's to edit and activate; its id. */
    UUID createFromReadyMade(Actor actor, String key);
}

package io.footbridge.audiences;

import io.footbridge.platform.Actor;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Segments for the console and other modules. A store-bound caller sees only segments of their stores. Problems come
 * as {@link io.footbridge.platform.ProblemException}s naming the place in the rule.
 */
public interface Segments {

    /** A segment with its current size; {@code store} is the code of the store it belongs to, null for the tenant. */
    record Segment(UUID id, String name, String store, JsonNode rule, long size, Instant createdAt,
                   Instant updatedAt) {
    }

    /** A person's entry into or exit from a segment. */
    record Change(UUID segmentId, UUID personId, boolean entered, Instant at) {
    }

    List<Segment> list(Actor actor);

    Segment get(Actor actor, UUID id);

    Segment create(Actor actor, String name, String store, JsonNode rule);

    Segment update(Actor actor, UUID id, String name, JsonNode rule);

    /** How many people the rule picks now, without saving it. */
    long preview(Actor actor, JsonNode rule);

    /** Members' person ids (root profile ids) in id order, after {@code after} (null: from the start). */
    List<UUID> members(Actor actor, UUID id, UUID after, int limit);

    /** The newest entries and exits of a segment. */
    List<Change> changes(Actor actor, UUID id, int limit);

    /** The segments a person is in now. */
    List<Segment> of(Actor actor, UUID personId);

    /**
     * What is wrong with a rule written inside something else (a journey's branch), each problem's path under
     * {@code path}; empty when {@link #preview} would take it.
     */
    List<io.footbridge.platform.FieldError> problems(Actor actor, JsonNode rule, String path);

    /** Whether the person (a root profile id) meets the rule now, as a segment with this rule would count them. */
    boolean matches(UUID tenantId, UUID personId, JsonNode rule);
}

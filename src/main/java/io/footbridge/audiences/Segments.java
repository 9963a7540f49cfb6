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

    /** What a member export may hold, in the order offered; {@link #PERSONAL_FIELDS} need profiles:read. */
    List<String> MEMBER_FIELDS = List.of("personId", "enteredAt", "language", "country", "preferredStore", "tier",
            "program", "email", "phone", "firstName", "lastName", "city", "postcode", "birthDate", "gender");

    java.util.Set<String> PERSONAL_FIELDS = java.util.Set.of("email", "phone", "firstName", "lastName", "city",
            "postcode", "birthDate", "gender");

    /** A CSV checked and ready to stream: nothing is read until it is written, a page at a time. */
    interface Csv {
        void writeTo(java.io.Writer out) throws java.io.IOException;
    }

    List<Segment> list(Actor actor);

    Segment get(Actor actor, UUID id);

    Segment create(Actor actor, String name, String store, JsonNode rule);

    Segment update(Actor actor, UUID id, String name, JsonNode rule);

    /**
     * How many people a rule picks now. A rule on computed attributes (RFM, lifetime value, activity) is counted on
     * the values as computed at {@code computedAt} (null: none yet, so it picks no one); {@code pending} says newer
     * ones are being computed in the background, and members follow them when they are.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Preview(long size, Instant computedAt, boolean pending) {
    }

    /** How many people the rule picks now, without saving it. */
    Preview preview(Actor actor, JsonNode rule);

    /** Members' person ids (root profile ids) in id order, after {@code after} (null: from the start). */
    List<UUID> members(Actor actor, UUID id, UUID after, int limit);

    /** The newest entries and exits of a segment. */
    List<Change> changes(Actor actor, UUID id, int limit);

    /** A person's newest entries into and exits from the segments the caller may see, for their timeline. */
    List<Change> history(Actor actor, UUID personId, int limit);

    /**
     * The members as CSV with the fields named (of {@link #MEMBER_FIELDS}); the segment and the fields are checked
     * now (400 for an unknown field, 403 for personal ones without profiles:read), the rows read as it is written.
     */
    Csv memberCsv(Actor actor, UUID id, List<String> fields);

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

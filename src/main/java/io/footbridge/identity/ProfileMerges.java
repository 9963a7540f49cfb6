package io.footbridge.identity;

import io.footbridge.platform.Actor;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Staff's decisions on who is one person: merging two profiles, undoing a merge, and the review queue of pairs a
 * rule held apart. Each change is audited; problems come as {@link io.footbridge.platform.ProblemException}s
 * ({@code not-found}, {@code already-merged}, {@code merge-undone}, {@code review-decided}).
 */
public interface ProfileMerges {

    /**
     * A merge: {@code fromProfileId} joined {@code intoProfileId}, for {@code reason} (the shared identifier, a
     * probable match, or {@code manual}); {@code undoneAt} when it was split again. {@code evidence} says why in
     * words: the identifier both held and what was checked against it, or the fields that agreed and the match
     * probability (null for merges made before it was kept).
     */
    record Merge(UUID id, UUID fromProfileId, UUID intoProfileId, String reason, String identifierType,
                 String actor, Instant mergedAt, Instant undoneAt, String undoneBy, String evidence) {
    }

    /** A pair held apart for staff to merge or dismiss; {@code status} open, merged or dismissed. */
    record Review(UUID id, UUID profileA, UUID profileB, String reason, String detail, String identifierType,
                  String status, Instant createdAt, Instant decidedAt, String decidedBy) {
    }

    /** Every merge of the person this profile belongs to, newest first, undone ones included. */
    List<Merge> merges(Actor actor, UUID profileId);

    /** Joins the other profile's person to this one's; the one first seen survives. */
    Merge merge(Actor actor, UUID profileId, UUID otherProfileId);

    Merge undo(Actor actor, UUID mergeId);

    /** Review items of this status, newest first, created before {@code before} (null: the newest). */
    List<Review> reviews(Actor actor, String status, Instant before, int limit);

    /** {@code merge} or {@code dismiss}. */
    Review decide(Actor actor, UUID reviewId, String decision);
}

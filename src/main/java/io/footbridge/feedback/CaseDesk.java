package io.footbridge.feedback;

import io.footbridge.platform.Actor;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Complaint cases for the console: list them by store, status and owner, read one with its notes and history, move
 * it on, give it to someone, note what was done. The same checks, store scope and audit as {@code /api/v1/cases}: a
 * store manager sees and changes only their stores' cases. Problems come as
 * {@link io.footbridge.platform.ProblemException}s.
 */
public interface CaseDesk {

    /** Where a case may stand, in the order a board shows them. */
    List<String> STATUSES = List.of("open", "in_progress", "waiting_for_customer", "resolved", "closed");
    int MAX_NOTE = 4000;
    int MAX_CUSTOMER_MESSAGE = 2000;

    record Summary(UUID id, String reference, String store, String status, UUID ownerId, String ownerName,
                   String subject, Integer score, String source, Instant openedAt, Instant updatedAt) {
    }

    record Note(String author, String text, Instant createdAt) {
    }

    record Change(Instant occurredAt, String actor, String kind, String from, String to) {
    }

    /**
     * @param next            the statuses it may move to from here
     * @param customerMessage what the customer sees on their status page and is told when it is resolved
     */
    record Detail(Summary summary, String description, UUID profileId, String contactChannel, String contactAddress,
                  String customerMessage, String statusUrl, List<String> next, Instant resolvedAt, Instant closedAt,
                  List<Note> notes, List<Change> history) {
    }

    /** Newest first; {@code storeCode}, {@code status} and {@code ownerId} null for all. */
    List<Summary> list(Actor actor, String storeCode, String status, UUID ownerId, int limit, int offset);

    Detail get(Actor actor, UUID caseId);

    /**
     * Moves the case to {@code status} (null: it stays) with what the customer is told (null: unchanged);
     * resolving tells the customer, once per resolution.
     */
    Detail move(Actor actor, UUID caseId, String status, String customerMessage);

    /** Gives the case to a staff member of the tenant, or to nobody ({@code ownerId} null). */
    Detail assign(Actor actor, UUID caseId, UUID ownerId);

    /** Staff members who may own the case: active, and working in its store. */
    List<Assignee> assignees(Actor actor, UUID caseId);

    record Assignee(UUID id, String name) {
    }

    /** An internal note; the customer never sees notes. */
    Detail note(Actor actor, UUID caseId, String text);
}

package io.footbridge.journeys;

import io.footbridge.platform.Actor;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Tasks that journeys give store staff ("call this VIP"). Staff see the tasks of the stores they may access; a task
 * of no store only tenant-wide staff. Reading needs {@code stores:read} or {@code journeys:read}, marking done
 * {@code stores:write} or {@code journeys:write}.
 */
public interface JourneyTasks {

    /** {@code status} open or done; {@code storeCode} null for a task of no store, {@code zone} the store's or UTC. */
    record Task(UUID id, UUID journeyId, String journey, UUID personId, UUID storeId, String storeCode,
                java.time.ZoneId zone, String title, String status, Instant createdAt, Instant doneAt, String doneBy) {
    }

    /** The caller's tasks, open ones first then the newest; of one journey when {@code journeyId} is given. */
    List<Task> list(Actor actor, UUID journeyId, boolean openOnly, int limit);

    /** Marks the task done (again: no change); another tenant's or store's task is not found. */
    Task done(Actor actor, UUID taskId);
}

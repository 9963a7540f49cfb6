package io.footbridge.capture;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Lets other modules put what they saw happen with a customer (a coupon redeemed, a message answered, a link
 * followed) into the capture log, so it is on the person's timeline and counts like any other touchpoint. The
 * events are trusted as they come: the calling module built them. Idempotent by event id, in the caller's
 * transaction.
 */
public interface EventRecorder {

    /** An event a module built itself; identifiers and properties as JSON objects, identifiers may be null. */
    record NewEvent(String eventId, String type, Instant occurredAt, UUID storeId, UUID touchpointId,
                    String identifiersJson, String propertiesJson) {
    }

    /**
     * @param source what wrote it, such as {@code offers} or {@code messaging} (16 characters at most)
     * @return for each event, whether it was new (false: stored before under the same event id)
     */
    boolean[] record(UUID tenantId, String source, List<NewEvent> events);
}

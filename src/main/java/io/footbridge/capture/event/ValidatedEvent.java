package io.footbridge.capture.event;

import java.time.Instant;
import java.util.UUID;

/** An event that passed validation, ready to append: store and touchpoint resolved, JSON as received. */
public record ValidatedEvent(String eventId, String type, Instant occurredAt, UUID storeId, UUID touchpointId,
                             String identifiersJson, String propertiesJson) {
}

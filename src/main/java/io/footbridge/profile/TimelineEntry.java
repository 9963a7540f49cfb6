package io.footbridge.profile;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/** One event on a person's timeline. */
public record TimelineEntry(long sequence, String eventId, String type, Instant occurredAt, Instant receivedAt,
                     String store, UUID touchpointId, String source, JsonNode properties) {
}

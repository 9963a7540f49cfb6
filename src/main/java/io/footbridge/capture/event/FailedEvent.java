package io.footbridge.capture.event;

import io.footbridge.platform.FieldError;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Input that failed validation, kept with why, until it is replayed or discarded. */
record FailedEvent(UUID id, String source, Instant receivedAt, String eventId, JsonNode payload,
                   List<FieldError> reasons, String status, Instant resolvedAt) {

    static final String OPEN = "open";
    static final String REPLAYED = "replayed";
    static final String DISCARDED = "discarded";
}

package io.footbridge.capture;

import java.time.Instant;
import java.util.UUID;

/**
 * Published once per write that captured events (a single event, a batch, a sale), never per raw event: listeners
 * read the new events from {@link CaptureLog} by cursor. Small on purpose: it travels through the outbox.
 */
public record TouchpointsCaptured(UUID tenantId, String source, int count, Instant receivedAt) {
}

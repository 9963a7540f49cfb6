package io.footbridge.capture;

import java.time.Instant;
import java.util.UUID;

/**
 * Published once per write that captured events (a single event, a batch, a sale), never per raw event: listeners
 * read the new events from {@link CaptureLog} by cursor. It is a wake-up signal, not a record: the log is durable
 * and a listener that misses a signal (a crash, a restart) finds the events at its next poll. Listen with a plain
 * {@code @EventListener} and act after commit; a transactional module listener would add an event publication row
 * and a second connection to every ingest request.
 */
public record TouchpointsCaptured(UUID tenantId, String source, int count, Instant receivedAt) {
}

package io.footbridge.capture.imports;

import io.footbridge.platform.Actor;

import java.time.Instant;
import java.util.UUID;

/** What a handler needs to import a chunk: on whose behalf, with which options, and the time of the import. */
public record ImportContext(Actor actor, UUID jobId, ImportOptions options, Instant now) {
}

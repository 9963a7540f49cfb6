package io.footbridge.audiences;

import io.footbridge.platform.Actor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Scheduled file exports of a segment: its audience file (Meta or Google, hashed) written at a steady interval into
 * the installation's audience-files directory, and a removals file for every person erased after a file held them.
 */
public interface SegmentFiles {

    /** The formats a file destination writes, as the audience export names them. */
    List<String> FORMATS = List.of("meta", "google");

    /** A file destination; {@code folder} is where its files appear, relative to the audience-files directory. */
    record FileDestination(UUID id, UUID segmentId, String format, Duration every, String folder, Instant createdAt,
                           Instant nextAt, Instant lastRunAt, String lastFile, Long lastRows, String lastError,
                           long pendingRemovals) {
    }

    /** Adds a destination; its first file is written at once. {@code every} at least an hour, at most 31 days. */
    FileDestination create(Actor actor, UUID segmentId, String format, Duration every);

    List<FileDestination> list(Actor actor, UUID segmentId);

    /** Writes the next file soon rather than at its time. */
    FileDestination runNow(Actor actor, UUID segmentId, UUID destinationId);

    void delete(Actor actor, UUID segmentId, UUID destinationId);
}

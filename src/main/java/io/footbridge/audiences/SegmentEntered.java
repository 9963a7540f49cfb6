package io.footbridge.audiences;

import java.util.UUID;

/** A person became a member of a segment (their root profile id). */
public record SegmentEntered(UUID tenantId, UUID segmentId, UUID personId) {
}

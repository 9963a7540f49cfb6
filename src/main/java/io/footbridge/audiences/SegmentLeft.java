package io.footbridge.audiences;

import java.util.UUID;

/** A person stopped being a member of a segment (their root profile id). */
public record SegmentLeft(UUID tenantId, UUID segmentId, UUID personId) {
}

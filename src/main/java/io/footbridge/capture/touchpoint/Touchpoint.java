package io.footbridge.capture.touchpoint;

import java.time.Instant;
import java.util.UUID;

public record Touchpoint(UUID id, String code, TouchpointType type, UUID storeId, String storeCode, String label,
                         JourneyStage stage, Instant createdAt, Instant updatedAt, Instant archivedAt) {
}

package io.footbridge.identity;

import java.util.UUID;

/** Two profiles became one person: {@code fromProfileId} now belongs to {@code rootId}. */
public record ProfileMerged(UUID tenantId, UUID mergeId, UUID fromProfileId, UUID rootId, String reason) {
}

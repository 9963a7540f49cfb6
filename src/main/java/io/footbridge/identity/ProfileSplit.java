package io.footbridge.identity;

import java.util.UUID;

/** A merge was undone: {@code profileId} and what came in through it are a person of their own again. */
public record ProfileSplit(UUID tenantId, UUID mergeId, UUID profileId, UUID formerRootId, String reason) {
}

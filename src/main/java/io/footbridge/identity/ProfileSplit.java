package io.footbridge.identity;

import java.util.UUID;

/**
 * A merge was undone: {@code profileId} and what came in through it are a person of their own again. With no
 * {@code mergeId}, events of the person were resolved again (they came through a value found shared) and may belong
 * to someone else now.
 */
public record ProfileSplit(UUID tenantId, UUID mergeId, UUID profileId, UUID formerRootId, String reason) {
}

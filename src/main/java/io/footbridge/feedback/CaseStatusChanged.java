package io.footbridge.feedback;

import java.util.UUID;

/** A complaint case was opened or moved to another status. Ids only: it travels through the outbox. */
public record CaseStatusChanged(UUID tenantId, UUID caseId, UUID storeId, String status) {
}

package io.footbridge.feedback;

import java.util.UUID;

/**
 * A survey was answered (once; a repeated submission publishes nothing). {@code group} is promoter (9–10),
 * passive (7–8) or detractor (0–6). Ids only: it travels through the outbox.
 */
public record SurveyAnswered(UUID tenantId, UUID surveyId, UUID responseId, UUID storeId, UUID profileId, int score,
                             String group) {
}

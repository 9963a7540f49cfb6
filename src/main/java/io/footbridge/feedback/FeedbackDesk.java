package io.footbridge.feedback;

import io.footbridge.platform.Actor;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs feedback from code as the marketer, the customer and the service agent do through the API and the survey
 * page: a survey, its answers (a detractor's opens a case), and a case resolved. For in-process writers such as the
 * demo chain, which dates answers in its past.
 */
public interface FeedbackDesk {

    /** An NPS survey with a comment question, which opens a case for each detractor. */
    UUID createSurvey(Actor marketer, String name);

    /**
     * An answer from a customer who gave their e-mail, in a store, as the survey page records it once per
     * {@code onceKey}, dated {@code at} (null: now).
     *
     * @return the case a detractor's answer opened
     */
    Optional<UUID> answer(UUID tenantId, UUID surveyId, UUID storeId, String email, int score, String comment,
                          String onceKey, Instant at);

    /** Resolves a case with a message to the customer, as an agent does. */
    void resolveCase(Actor agent, UUID caseId, String message);
}

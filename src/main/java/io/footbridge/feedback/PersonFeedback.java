package io.footbridge.feedback;

import io.footbridge.platform.PersonalData;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** A person's survey answers and complaint cases, for staff looking at the customer. */
public interface PersonFeedback {

    record Answer(UUID id, String survey, UUID storeId, Instant answeredAt, int score, String comment) {
    }

    record Case(UUID id, String reference, UUID storeId, String subject, String status, Instant openedAt) {
    }

    /** The newest answers of the person in these stores (null: every store). */
    List<Answer> answers(PersonalData.Person person, Collection<UUID> storeIds, int limit);

    /** The newest cases of the person in these stores (null: every store). */
    List<Case> cases(PersonalData.Person person, Collection<UUID> storeIds, int limit);
}

package io.footbridge.feedback.survey;

import io.footbridge.capture.EventRecorder;
import io.footbridge.feedback.SurveyAnswered;
import io.footbridge.feedback.cases.Cases;
import io.footbridge.offers.IssuedCoupon;
import io.footbridge.offers.Offers;
import io.footbridge.platform.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Takes an answer in: once per receipt or invitation (and once per form sent), on the person's timeline as
 * {@code feedback.submitted}, then closes the loop in the same transaction: a coupon to thank them, a case for the
 * store when they were unhappy.
 */
@Service
class Responses {

    private static final Logger log = LoggerFactory.getLogger(Responses.class);

    /**
     * Who answers, as far as the link tells: the store, the receipt or invitation (whose {@code onceKey} makes the
     * survey answerable once), the person and where to reach them.
     *
     * @param trusted the link names the person (a receipt, an invitation); a contact typed into an open survey is not
     */
    record Respondent(UUID storeId, String source, String onceKey, UUID receiptId, UUID invitationId, UUID profileId,
                      String email, String phone, String loyaltyId, String identifiers, String contactChannel,
                      String contactAddress, boolean trusted) {
    }

    /** One answer to one of the marketer's questions, with the question as it was asked. */
    record Answered(String id, String type, String question, Object answer) {
    }

    record Answer(int score, String comment, List<Answered> answers) {
    }

    /**
     * @param created   false: not stored, as the receipt or invitation was answered before ({@code first} is null)
     *                  or this very form was sent already ({@code first} is that answer)
     */
    record Outcome(boolean created, ResponseRepository.SurveyResponse first) {
    }

    private final ResponseRepository repository;
    private final Offers offers;
    private final Cases cases;
    private final EventRecorder events;
    private final ApplicationEventPublisher publisher;
    private final JsonMapper json;
    private final TransactionTemplate savepoint;

    Responses(ResponseRepository repository, Offers offers, Cases cases, EventRecorder events,
              ApplicationEventPublisher publisher, JsonMapper json, PlatformTransactionManager transactions) {
        this.repository = repository;
        this.offers = offers;
        this.cases = cases;
        this.events = events;
        this.publisher = publisher;
        this.json = json;
        // a coupon the offer refuses (ended, limit reached) is rolled back to here, and the answer still stands
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    static String group(int score) {
        return score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor";
    }

    @Transactional
    Outcome submit(SurveyRepository.StoredSurvey survey, Respondent who, Answer answer, String nonce) {
        return submit(survey, who, answer, nonce, null);
    }

    /** As the survey page's submit, dated {@code at} rather than now (null: now), for a writer replaying the past. */
    @Transactional
    Outcome submit(SurveyRepository.StoredSurvey survey, Respondent who, Answer answer, String nonce, Instant at) {
        Instant now = (at == null ? Instant.now() : at).truncatedTo(ChronoUnit.MICROS);
        String group = group(answer.score());
        ResponseRepository.SurveyResponse row = new ResponseRepository.SurveyResponse(UUID.randomUUID(), survey.tenantId(), survey.id(),
                survey.version(), who.storeId(), who.source(), who.onceKey(), nonce, who.receiptId(),
                who.invitationId(), who.profileId(), who.email(), who.phone(), who.loyaltyId(), who.identifiers(),
                who.contactChannel(), who.contactAddress(), answer.score(), group, answer.comment(),
                answer.answers().isEmpty() ? null : json.writeValueAsString(answer.answers()), null, null, null, null,
                now, null);
        if (!repository.insert(row)) {
            return new Outcome(false, repository.findByNonce(survey.tenantId(), nonce).orElse(null));
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("surveyId", survey.id().toString());
        properties.put("score", answer.score());
        properties.put("group", group);
        properties.put("source", who.source());
        if (who.receiptId() != null) {
            properties.put("receiptId", who.receiptId().toString());
        }
        if (answer.comment() != null) {
            properties.put("comment", answer.comment());
        }
        events.record(survey.tenantId(), "feedback", List.of(new EventRecorder.NewEvent("survey-response:" + row.id(),
                "feedback.submitted", now, who.storeId(), null, who.identifiers(),
                json.writeValueAsString(properties))));

        String couponCode = null;
        String couponUrl = null;
        if (survey.rewardOfferId() != null && (who.trusted() || survey.rewardOpen())) {
            Optional<IssuedCoupon> coupon = reward(survey, who, row.id());
            couponCode = coupon.map(IssuedCoupon::displayCode).orElse(null);
            couponUrl = coupon.map(IssuedCoupon::pageUrl).orElse(null);
        }
        UUID caseId = null;
        if (group.equals("detractor") && survey.openCases()) {
            caseId = cases.open(new Cases.NewCase(survey.tenantId(), who.storeId(), survey.id(), row.id(),
                    who.receiptId(), who.profileId(), who.email(), who.phone(), who.loyaltyId(), who.identifiers(),
                    who.contactChannel(), who.contactAddress(), "NPS " + answer.score() + " – " + survey.name(),
                    answer.comment(), answer.score(), who.source()), "customer").id();
        }
        if (couponCode != null || caseId != null) {
            repository.followUp(row.id(), couponCode, couponUrl, caseId);
        }
        publisher.publishEvent(new SurveyAnswered(survey.tenantId(), survey.id(), row.id(), who.storeId(),
                who.profileId(), answer.score(), group));
        return new Outcome(true, repository.find(survey.tenantId(), row.id()).orElseThrow());
    }

    /** The thank-you coupon; one per answer, and none when the offer has ended or the person had their share. */
    private Optional<IssuedCoupon> reward(SurveyRepository.StoredSurvey survey, Respondent who, UUID responseId) {
        try {
            return Optional.ofNullable(savepoint.execute(status -> offers.issue(survey.tenantId(),
                    survey.rewardOfferId(), who.profileId(), "survey", "survey:" + survey.code(),
                    "survey-response:" + responseId)));
        } catch (ProblemException refused) {
            log.info("Survey {} gave no coupon: {}", survey.id(), refused.type());
            return Optional.empty();
        }
    }
}

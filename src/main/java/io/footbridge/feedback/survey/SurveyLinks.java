package io.footbridge.feedback.survey;

import io.footbridge.platform.Signatures;
import io.footbridge.receipts.ReceiptSurveys;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.UUID;

/**
 * The links to a survey. The open link {@code /s/{code}} (optionally {@code ?store=CODE}) is for QR codes and
 * anyone; a personal link {@code /s/t/{token}} names the receipt or invitation it is about, signed so that nobody
 * can make one for another receipt, and can be answered once.
 */
@Component
class SurveyLinks implements ReceiptSurveys {

    static final String PURPOSE = "survey-link";
    static final String RECEIPT = "r";
    static final String INVITATION = "i";

    /** What a personal link is about: a receipt or an invitation, of the survey with this code. */
    record Personal(String kind, String code, UUID id) {

        String onceKey() {
            return (kind.equals(RECEIPT) ? "receipt:" : "invitation:") + id;
        }
    }

    private final SurveyRepository surveys;
    private final ResponseRepository responses;
    private final Signatures signatures;
    private final Surveys service;

    SurveyLinks(SurveyRepository surveys, ResponseRepository responses, Signatures signatures, Surveys service) {
        this.surveys = surveys;
        this.responses = responses;
        this.signatures = signatures;
        this.service = service;
    }

    String personal(String kind, String code, UUID id) {
        return service.base() + "/s/t/" + signatures.sign(PURPOSE, kind + "." + code + "." + id);
    }

    Optional<Personal> parse(String token) {
        if (token == null || token.length() > 300) {
            return Optional.empty();
        }
        return signatures.verify(PURPOSE, token).flatMap(payload -> {
            String[] parts = payload.split("\\.");
            if (parts.length != 3 || !(parts[0].equals(RECEIPT) || parts[0].equals(INVITATION))) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Personal(parts[0], parts[1], UUID.fromString(parts[2])));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public Optional<String> problem(UUID tenantId, UUID surveyId) {
        Optional<SurveyRepository.StoredSurvey> survey = surveys.find(tenantId, surveyId);
        if (survey.isEmpty()) {
            return Optional.of("is not a survey of this tenant");
        }
        return survey.get().archived() ? Optional.of("is archived") : Optional.empty();
    }

    @Override
    public Optional<String> link(UUID tenantId, UUID surveyId, UUID receiptId) {
        return surveys.find(tenantId, surveyId).filter(s -> !s.archived())
                .map(s -> personal(RECEIPT, s.code(), receiptId));
    }

    @Override
    public boolean answered(UUID tenantId, UUID receiptId) {
        return responses.answered(tenantId, "receipt:" + receiptId);
    }
}

package io.footbridge.feedback.survey;

import io.footbridge.feedback.FeedbackDesk;
import io.footbridge.feedback.cases.Cases;
import io.footbridge.platform.Actor;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link FeedbackDesk} on the services behind the survey API and page and the cases API. */
@Component
class FeedbackDeskAdapter implements FeedbackDesk {

    private final Surveys surveys;
    private final Responses responses;
    private final Cases cases;
    private final Validator validator;

    FeedbackDeskAdapter(Surveys surveys, Responses responses, Cases cases, Validator validator) {
        this.surveys = surveys;
        this.responses = responses;
        this.cases = cases;
        this.validator = validator;
    }

    @Override
    public UUID createSurvey(Actor marketer, String name) {
        SurveyRequest request = new SurveyRequest(name, null, null, null, null, false, List.of(), null, null, null,
                null, true, null);
        List<FieldError> errors = validator.validate(request).stream()
                .map(v -> new FieldError(v.getPropertyPath().toString(), v.getMessage())).toList();
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return surveys.create(marketer, request).id();
    }

    @Override
    public Optional<UUID> answer(UUID tenantId, UUID surveyId, UUID storeId, String email, int score,
                                 String comment, String onceKey, Instant at) {
        SurveyRepository.StoredSurvey survey = surveys.find(tenantId, surveyId);
        Responses.Respondent who = new Responses.Respondent(storeId, "qr", onceKey, null, null, null, email, null,
                null, null, "email", email, false);
        Responses.Outcome outcome = responses.submit(survey, who, new Responses.Answer(score, comment, List.of()),
                onceKey, at);
        return Optional.ofNullable(outcome.first()).map(ResponseRepository.SurveyResponse::caseId);
    }

    @Override
    public void resolveCase(Actor agent, UUID caseId, String message) {
        cases.change(agent, caseId, "resolved", false, null, message != null, message);
    }
}

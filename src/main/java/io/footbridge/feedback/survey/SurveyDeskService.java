package io.footbridge.feedback.survey;

import io.footbridge.feedback.Nps;
import io.footbridge.feedback.SurveyDesk;
import io.footbridge.platform.Actor;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The console's way to the surveys: {@link Surveys}, the answers and the NPS report with their checks and scope. */
@Service
class SurveyDeskService implements SurveyDesk {

    private final Surveys surveys;
    private final ResponseRepository responses;
    private final NpsReport nps;
    private final Stores stores;
    private final Validator validator;
    private final JsonMapper json;

    SurveyDeskService(Surveys surveys, ResponseRepository responses, NpsReport nps, Stores stores,
                      Validator validator, JsonMapper json) {
        this.surveys = surveys;
        this.responses = responses;
        this.nps = nps;
        this.stores = stores;
        this.validator = validator;
        this.json = json;
    }

    @Override
    public List<Survey> list(Actor actor, boolean archived, int limit, int offset) {
        return surveys.list(actor, archived, limit, offset).stream().map(SurveyDeskService::survey).toList();
    }

    @Override
    public Survey get(Actor actor, UUID surveyId) {
        return survey(surveys.get(actor, surveyId));
    }

    @Override
    public Survey create(Actor actor, Draft draft) {
        SurveyRequest request = request(draft, null);
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<SurveyRequest> violation : validator.validate(request)) {
            errors.add(new FieldError(violation.getPropertyPath().toString().replaceAll("\\.<[^>]+>", "")
                    .replaceAll("<[^>]+>", ""), violation.getMessage()));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return survey(surveys.create(actor, request));
    }

    @Override
    public Survey change(Actor actor, UUID surveyId, Draft draft) {
        // the whole draft as a merge patch: empty texts cleared (the built-in ones show), the rest kept
        ObjectNode patch = json.valueToTree(request(draft, null));
        for (String text : List.of("title", "intro", "npsQuestion", "commentQuestion")) {
            if (patch.get(text) == null || patch.get(text).isNull()) {
                patch.putNull(text);
            }
        }
        patch.remove("status");
        patch.remove("rewardOfferId");
        patch.remove("rewardOpenResponses");
        patch.remove("reviewUrl");
        patch.remove("storeReviewUrls");
        return survey(surveys.patch(actor, surveyId, patch));
    }

    @Override
    public Survey archive(Actor actor, UUID surveyId) {
        ObjectNode patch = json.createObjectNode();
        patch.put("status", "archived");
        return survey(surveys.patch(actor, surveyId, patch));
    }

    @Override
    public List<Answer> answers(Actor actor, UUID surveyId, String storeCode, int limit, int offset) {
        surveys.find(actor.tenantId(), surveyId);
        Set<UUID> storeIds = stores.scope(actor, storeCode);
        Map<UUID, String> codes = new HashMap<>();
        return responses.list(actor.tenantId(), surveyId, storeIds, null, null, null, limit, offset).stream()
                .map(r -> new Answer(r.id(), r.storeId() == null ? null : codes.computeIfAbsent(r.storeId(),
                        s -> stores.findById(actor.tenantId(), s).map(StoreRef::code).orElse(null)), r.source(),
                        r.score(), r.group(), r.comment(), r.answers(), r.caseId(), r.answeredAt(),
                        r.erasedAt() != null))
                .toList();
    }

    @Override
    public Nps nps(Actor actor, UUID surveyId, String storeCode, Instant from, Instant to) {
        if (surveyId != null) {
            surveys.find(actor.tenantId(), surveyId);
        }
        NpsReport.Group total = nps.of(actor.tenantId(), surveyId, stores.scope(actor, storeCode), from, to,
                NpsReport.Period.ALL).total();
        return Nps.of(total.promoters(), total.passives(), total.detractors());
    }

    private static SurveyRequest request(Draft d, String status) {
        List<SurveyRequest.Question> questions = d.questions() == null ? List.of() : d.questions().stream()
                .map(q -> new SurveyRequest.Question(q.id(), q.type(), q.text(), q.required(),
                        q.options() == null || q.options().isEmpty() ? null : q.options()))
                .toList();
        return new SurveyRequest(d.name(), blankToNull(d.title()), blankToNull(d.intro()),
                blankToNull(d.npsQuestion()), blankToNull(d.commentQuestion()), d.askContact(), questions, null,
                null, null, null, d.openCases(), status);
    }

    private static Survey survey(Surveys.View v) {
        return new Survey(v.id(), v.code(), v.status(), v.url(), v.responses(), v.createdAt(),
                new Draft(v.name(), v.title(), v.intro(), v.npsQuestion(), v.commentQuestion(), v.askContact(),
                        v.openCases(), v.questions().stream().map(q -> new Question(q.id(), q.type(), q.text(),
                        q.required(), q.options() == null ? List.of() : q.options())).toList()));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}

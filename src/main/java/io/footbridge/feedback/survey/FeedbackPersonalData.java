package io.footbridge.feedback.survey;

import io.footbridge.platform.PersonalData;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A person's survey answers, found by profile or by the identifiers they answered with. Erasing keeps each answer's
 * score, group, store and time and the choices made (a rating, yes or no, an option), so NPS and the figures stay
 * true; their words (the comment, short texts) and whatever named them go. Invitations forget whom they went to.
 */
@Component
class FeedbackPersonalData implements PersonalData {

    record Exported(String survey, Instant answeredAt, int score, String comment, JsonNode answers,
                    String couponCode) {
    }

    private final ResponseRepository responses;
    private final SurveyRepository surveys;
    private final JsonMapper json;

    FeedbackPersonalData(ResponseRepository responses, SurveyRepository surveys, JsonMapper json) {
        this.responses = responses;
        this.surveys = surveys;
        this.json = json;
    }

    @Override
    public String section() {
        return "feedback";
    }

    @Override
    public Object export(Person person) {
        List<ResponseRepository.SurveyResponse> found = answers(person);
        if (found.isEmpty()) {
            return null;
        }
        return found.stream().map(r -> new Exported(surveys.find(r.tenantId(), r.surveyId())
                .map(SurveyRepository.StoredSurvey::name).orElse(null), r.answeredAt(), r.score(), r.comment(),
                r.answers() == null ? null : json.readTree(r.answers()), r.couponCode())).toList();
    }

    @Override
    public void erase(Person person) {
        Instant now = Instant.now();
        for (ResponseRepository.SurveyResponse r : answers(person)) {
            responses.erase(person.tenantId(), r.id(), kept(r.answers()), now);
        }
        List<String> addresses = new ArrayList<>();
        person.identifiers().forEach(i -> {
            addresses.add(i.value());
            addresses.add(i.original());
        });
        surveys.eraseInvitations(person.tenantId(), profileIds(person), addresses);
    }

    /** The choices, without the words: a text answer says who wrote it too easily. */
    private String kept(String answers) {
        if (answers == null) {
            return null;
        }
        ArrayNode kept = json.createArrayNode();
        for (JsonNode answer : json.readTree(answers)) {
            if (!Definition.TEXT.equals(answer.path("type").asString())) {
                kept.add(answer);
            }
        }
        return kept.isEmpty() ? null : kept.toString();
    }

    private List<ResponseRepository.SurveyResponse> answers(Person person) {
        return responses.ofPerson(person.tenantId(), profileIds(person), person.values("email"),
                person.values("phone"), person.values("loyaltyId"));
    }

    static Set<UUID> profileIds(Person person) {
        Set<UUID> ids = new HashSet<>(person.profileIds());
        ids.add(person.rootId());
        return ids;
    }
}

package io.footbridge.feedback.survey;

import io.footbridge.platform.Signatures;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * The signed state each survey form carries: which survey, which receipt or invitation and store, its own id and
 * when it was made. Its id makes a form sent twice one answer; the signature keeps anything in it from being swapped.
 */
@Component
class SurveyFormStates {

    private static final String STATE = "survey-form";
    private static final String REVIEW = "survey-review";
    private static final Duration LIFETIME = Duration.ofHours(12);

    private final Signatures signatures;
    private final JsonMapper json;
    private final SecureRandom random = new SecureRandom();

    SurveyFormStates(Signatures signatures, JsonMapper json) {
        this.signatures = signatures;
        this.json = json;
    }

    /** A new form's signed state. */
    String issue(UUID surveyId, Responses.Respondent who) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return signatures.sign(STATE, json.createObjectNode().put("s", surveyId.toString())
                .put("k", String.valueOf(who.onceKey()))
                .put("st", String.valueOf(who.storeId()))
                .put("n", HexFormat.of().formatHex(nonce)).put("t", Instant.now().getEpochSecond()).toString());
    }

    /** The form's id, if the state is intact, recent and was made for this very link. */
    Optional<String> verify(String state, UUID surveyId, Responses.Respondent who) {
        if (state == null || state.length() > 2000) {
            return Optional.empty();
        }
        return signatures.verify(STATE, state).flatMap(payload -> {
            try {
                return Optional.of(json.readTree(payload));
            } catch (JacksonException e) {
                return Optional.empty();
            }
        }).filter(node -> surveyId.toString().equals(node.path("s").asString())
                && String.valueOf(who.onceKey()).equals(node.path("k").asString())
                && String.valueOf(who.storeId()).equals(node.path("st").asString())
                && Instant.ofEpochSecond(node.path("t").asLong()).plus(LIFETIME).isAfter(Instant.now()))
                .map(node -> node.path("n").asString());
    }

    /** The signed token of a promoter's link to the review page. */
    String reviewToken(UUID tenantId, UUID responseId) {
        return signatures.sign(REVIEW, tenantId + "|" + responseId);
    }

    /** The answer a review link was made for. */
    record ReviewLink(UUID tenantId, UUID responseId) {
    }

    /** The answer a review token names, if it is intact. */
    Optional<ReviewLink> review(String token) {
        if (token.length() > 300) {
            return Optional.empty();
        }
        return signatures.verify(REVIEW, token).map(p -> p.split("\\|")).filter(p -> p.length == 2)
                .map(p -> new ReviewLink(UUID.fromString(p[0]), UUID.fromString(p[1])));
    }
}

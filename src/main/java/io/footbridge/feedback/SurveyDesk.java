package io.footbridge.feedback;

import io.footbridge.platform.Actor;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Surveys for the console: list them, write one (its texts and up to ten questions of the marketer's), archive it,
 * its answers and its NPS with the 95 % interval — the same checks, audit and store scope as {@code /api/v1/surveys}
 * and {@code /api/v1/feedback/nps}. Problems come as {@link io.footbridge.platform.ProblemException}s naming the
 * field ({@code questions[2].options} …).
 */
public interface SurveyDesk {

    /** The kinds of question a survey may ask besides the NPS and the comment. */
    List<String> QUESTION_TYPES = List.of("rating", "yes_no", "single_choice", "text");
    int MAX_QUESTIONS = 10;

    record Question(String id, String type, String text, boolean required, List<String> options) {
    }

    /**
     * A survey as the marketer writes it; texts left empty are the built-in ones in the brand's language.
     *
     * @param openCases open a complaint case for each detractor (0–6)
     * @param askContact ask people the survey does not know for an email or phone to get back to them
     */
    record Draft(String name, String title, String intro, String npsQuestion, String commentQuestion,
                 boolean askContact, boolean openCases, List<Question> questions) {
    }

    /** @param url the open link (for a QR code or a web page); personal links come with receipts and invitations */
    record Survey(UUID id, String code, String status, String url, long responses, Instant createdAt, Draft draft) {
    }

    /** An answer; {@code group} promoter, passive or detractor; {@code answers} the questions' answers as JSON. */
    record Answer(UUID id, String store, String source, int score, String group, String comment, String answers,
                  UUID caseId, Instant answeredAt, boolean erased) {
    }

    List<Survey> list(Actor actor, boolean archived, int limit, int offset);

    Survey get(Actor actor, UUID surveyId);

    Survey create(Actor actor, Draft draft);

    /** Replaces the texts and questions; answers already given keep the questions as they were asked. */
    Survey change(Actor actor, UUID surveyId, Draft draft);

    Survey archive(Actor actor, UUID surveyId);

    /** Newest first, of the stores given ({@code storeCode} null: every store the caller works in). */
    List<Answer> answers(Actor actor, UUID surveyId, String storeCode, int limit, int offset);

    /** The NPS of the answers between {@code from} and {@code to}, of the survey (null: every survey) and stores. */
    Nps nps(Actor actor, UUID surveyId, String storeCode, Instant from, Instant to);
}

package io.footbridge.feedback.survey;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a survey form as sent: the score, the comment and each question's answer, checked against the survey's
 * definition, with what is wrong said in the brand's language by field.
 */
@Component
class SurveyAnswerReader {

    private final MessageSource messages;

    SurveyAnswerReader(MessageSource messages) {
        this.messages = messages;
    }

    /** The answers of the form, each checked; what is wrong goes into {@code errors} by field, in words. */
    Responses.Answer read(Definition definition, MultiValueMap<String, String> form, Locale locale,
                                  Map<String, String> errors, Map<String, String> values) {
        String scoreText = trim(form.getFirst("score"));
        int score = -1;
        if (scoreText != null) {
            values.put("score", scoreText);
            try {
                score = Integer.parseInt(scoreText);
            } catch (NumberFormatException e) {
                score = -1;
            }
        }
        if (score < 0 || score > 10) {
            errors.put("score", text("survey.error.score", locale));
        }
        String comment = trim(form.getFirst("comment"));
        if (comment != null) {
            values.put("comment", comment.length() > Definition.MAX_COMMENT * 2
                    ? comment.substring(0, Definition.MAX_COMMENT * 2) : comment);
            if (comment.length() > Definition.MAX_COMMENT) {
                errors.put("comment", text("survey.error.comment", locale, comment.length(), Definition.MAX_COMMENT));
            }
        }
        List<Responses.Answered> answered = new ArrayList<>();
        for (Definition.Question q : definition.questions()) {
            String field = "q_" + q.id();
            String given = trim(form.getFirst(field));
            if (given == null) {
                if (q.required()) {
                    errors.put(field, text("survey.error.required", locale));
                }
                continue;
            }
            values.put(field, given.length() > Definition.MAX_TEXT * 2 ? given.substring(0, Definition.MAX_TEXT * 2)
                    : given);
            switch (q.type()) {
                case Definition.RATING -> {
                    if (!given.matches("[1-5]")) {
                        errors.put(field, text("survey.error.rating", locale));
                    } else {
                        answered.add(new Responses.Answered(q.id(), q.type(), q.text(), Integer.parseInt(given)));
                    }
                }
                case Definition.YES_NO -> {
                    if (!given.equals("yes") && !given.equals("no")) {
                        errors.put(field, text("survey.error.choice", locale));
                    } else {
                        answered.add(new Responses.Answered(q.id(), q.type(), q.text(), given.equals("yes")));
                    }
                }
                case Definition.SINGLE_CHOICE -> {
                    int index = given.matches("\\d{1,2}") ? Integer.parseInt(given) : -1;
                    if (index < 0 || index >= q.options().size()) {
                        errors.put(field, text("survey.error.choice", locale));
                    } else {
                        answered.add(new Responses.Answered(q.id(), q.type(), q.text(), q.options().get(index)));
                    }
                }
                default -> {
                    if (given.length() > Definition.MAX_TEXT) {
                        errors.put(field, text("survey.error.text", locale, Definition.MAX_TEXT));
                    } else {
                        answered.add(new Responses.Answered(q.id(), q.type(), q.text(), given));
                    }
                }
            }
        }
        return new Responses.Answer(score, comment, answered);
    }

    private String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    private static String trim(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

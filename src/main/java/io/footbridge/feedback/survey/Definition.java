package io.footbridge.feedback.survey;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What a survey asks, as stored and shown: the texts (null: the built-in one in the brand's language), whether it
 * asks for a contact when the person is not known, and the marketer's own questions.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Definition(String title, String intro, String npsQuestion, String commentQuestion, boolean askContact,
                  List<Question> questions) {

    static final String RATING = "rating";
    static final String YES_NO = "yes_no";
    static final String SINGLE_CHOICE = "single_choice";
    static final String TEXT = "text";
    static final List<String> TYPES = List.of(RATING, YES_NO, SINGLE_CHOICE, TEXT);

    /** Longest comment, and longest answer to a text question, a customer may send. */
    static final int MAX_COMMENT = 2000;
    static final int MAX_TEXT = 500;

    /**
     * @param type rating (1 to 5), yes_no, single_choice (one of {@code options}) or text (a short answer)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Question(String id, String type, String text, boolean required, List<String> options) {
    }
}

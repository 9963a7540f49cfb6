package io.footbridge.feedback.survey;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A survey as the marketer describes it (POST creates; PATCH merges a partial body into it, where null clears).
 * Texts left out are the built-in ones in the brand's language.
 *
 * @param askContact          ask people the survey does not know (an open link, a QR code) for an email or phone
 *                            to get back to them; default true
 * @param rewardOfferId       a coupon of this offer thanks each answer (issued through the channel "survey")
 * @param rewardOpenResponses also thank answers through the open link, which anyone can send many times; default
 *                            false: only answers about a receipt or to an invitation get the coupon
 * @param reviewUrl           where promoters are invited to leave a public review; {@code storeReviewUrls} by
 *                            store code, for stores with their own page
 * @param openCases           open a complaint case for each detractor (0–6); default true
 * @param status              active or archived (PATCH only)
 */
record SurveyRequest(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 200) String title,
        @Size(max = 1000) String intro,
        @Size(max = 300) String npsQuestion,
        @Size(max = 300) String commentQuestion,
        Boolean askContact,
        @Size(max = 10) List<@NotNull @Valid Question> questions,
        UUID rewardOfferId,
        Boolean rewardOpenResponses,
        @Size(max = 2000) String reviewUrl,
        @Size(max = 1000) Map<@Size(max = 32) String, @NotNull @Size(max = 2000) String> storeReviewUrls,
        Boolean openCases,
        @Size(max = 16) String status) {

    record Question(@NotBlank @Pattern(regexp = "[a-z0-9_]{1,32}",
                            message = "must be 1 to 32 lower-case letters, digits or _") String id,
                    @NotBlank @Size(max = 16) String type,
                    @NotBlank @Size(max = 300) String text,
                    Boolean required,
                    @Size(max = 10) List<@NotBlank @Size(max = 100) String> options) {
    }

    List<Question> questionsOrEmpty() {
        return questions == null ? List.of() : questions;
    }
}

package io.footbridge.receipts.receipt;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import java.util.Map;
import java.util.UUID;

/**
 * What the marketer sets up for receipts, tenant-wide or for one store; the same body is answered by GET and taken
 * by PUT (the answer's {@code store}, {@code inherited} and {@code updatedAt} are ignored on the way in).
 *
 * @param enabled    false: no receipts are made (the till or another system sends them)
 * @param shopOnline "shop similar online": the bought product's page from the catalogue, else its category's page
 *                   from {@code categoryUrls}, else {@code url}
 * @param reward     "claim your reward": a coupon of the offer, issued when the customer claims it
 * @param survey     "tell us how we did": the survey; {@code marketing} treats the invitation as marketing (some
 *                   courts see a feedback request as advertising), so it needs a grant like the others
 * @param joinClub   "join the club": the loyalty sign-up form, shown to customers who gave no loyalty number
 * @param footer     a line of the business's own under the receipt (returns policy, opening hours)
 */
@JsonIgnoreProperties({"store", "inherited", "updatedAt"})
record Settings(Boolean enabled, @Valid ShopOnline shopOnline, @Valid Reward reward, @Valid Survey survey,
                @Valid JoinClub joinClub, @Size(max = 1000) String footer) {

    static final Settings DEFAULT = new Settings(true, null, null, null, null, null);

    /** Each part is off unless {@code enabled} is true. */
    record ShopOnline(Boolean enabled, @Size(max = 2000) String url,
                      @Size(max = 500) Map<@Size(max = 100) String, @Size(max = 2000) String> categoryUrls) {

        public ShopOnline {
            enabled = Boolean.TRUE.equals(enabled);
        }
    }

    record Reward(Boolean enabled, UUID offerId) {

        public Reward {
            enabled = Boolean.TRUE.equals(enabled);
        }
    }

    record Survey(Boolean enabled, UUID surveyId, Boolean marketing) {

        public Survey {
            enabled = Boolean.TRUE.equals(enabled);
            marketing = Boolean.TRUE.equals(marketing);
        }
    }

    record JoinClub(Boolean enabled, @Size(max = 2000) String url) {

        public JoinClub {
            enabled = Boolean.TRUE.equals(enabled);
        }
    }

    boolean on() {
        return enabled == null || enabled;
    }

    boolean shop() {
        return shopOnline != null && shopOnline.enabled();
    }

    boolean rewards() {
        return reward != null && reward.enabled() && reward.offerId() != null;
    }

    boolean surveys() {
        return survey != null && survey.enabled() && survey.surveyId() != null;
    }

    boolean club() {
        return joinClub != null && joinClub.enabled() && joinClub.url() != null;
    }

    /** As answered by the API. */
    record View(String store, boolean inherited, java.time.Instant updatedAt, boolean enabled, ShopOnline shopOnline,
                Reward reward, Survey survey, JoinClub joinClub, String footer) {
    }
}

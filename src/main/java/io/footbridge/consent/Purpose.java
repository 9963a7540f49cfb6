package io.footbridge.consent;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a message is sent. Marketing needs a recorded grant; service messages (a receipt, a confirmation, a reply to
 * the customer's question) are sent unless the person withdrew them or the address is suppressed. The loyalty
 * club's own messages (points about to lapse, a birthday bonus) need a grant of their own, asked separately when
 * someone joins: a member may want the club's news without the shop's newsletter, or the other way round.
 */
public enum Purpose {
    MARKETING,
    SERVICE,
    LOYALTY;

    /** Whether a message needs a recorded grant (and quiet hours, the cap, an unsubscribe link apply). */
    public boolean needsGrant() {
        return this != SERVICE;
    }

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Purpose> of(String value) {
        return Arrays.stream(values()).filter(p -> p.value().equals(value)).findFirst();
    }
}

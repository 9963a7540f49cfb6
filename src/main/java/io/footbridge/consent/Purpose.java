package io.footbridge.consent;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a message is sent. Marketing needs a recorded grant; service messages (a receipt, a confirmation, a reply to
 * the customer's question) are sent unless the person withdrew them or the address is suppressed.
 */
public enum Purpose {
    MARKETING,
    SERVICE;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Purpose> of(String value) {
        return Arrays.stream(values()).filter(p -> p.value().equals(value)).findFirst();
    }
}

package io.footbridge.capture.touchpoint;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Where in the customer's path a touchpoint sits, so figures can be cut by stage. */
public enum JourneyStage {
    PRE_PURCHASE, IN_STORE, PURCHASE, POST_PURCHASE;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static JourneyStage of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}

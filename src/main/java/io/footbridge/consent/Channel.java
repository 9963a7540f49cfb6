package io.footbridge.consent;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The ways a business reaches a person; each has its own permissions. */
public enum Channel {
    EMAIL("email"),
    SMS("phone"),
    WHATSAPP("phone"),
    PUSH("deviceId"),
    /** Retargeting audiences on ad platforms (hashed exports). */
    ADS(null);

    private final String addressType;

    Channel(String addressType) {
        this.addressType = addressType;
    }

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The identifier type (as in events: email, phone, deviceId) a message on this channel goes to; null for ads. */
    public String addressType() {
        return addressType;
    }

    public static Optional<Channel> of(String value) {
        return Arrays.stream(values()).filter(c -> c.value().equals(value)).findFirst();
    }
}

package io.footbridge.identity;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of identifier a profile can hold, in the order that decides which one an event belongs to first.
 * Device and anonymous ids tie a visitor to a person but never join two known people (a shared family tablet);
 * a birth date is never used to link, only to tell two people apart.
 */
public enum IdentifierType {
    LOYALTY_ID("loyaltyId", true, false),
    PHONE("phone", true, false),
    EMAIL("email", true, false),
    DEVICE_ID("deviceId", true, true),
    ANONYMOUS_ID("anonymousId", true, true),
    BIRTH_DATE("birthDate", false, false);

    private final String key;
    private final boolean linking;
    private final boolean anonymous;

    IdentifierType(String key, boolean linking, boolean anonymous) {
        this.key = key;
        this.linking = linking;
        this.anonymous = anonymous;
    }

    /** The name in events' {@code identifiers} object and in the API. */
    public String key() {
        return key;
    }

    public boolean linking() {
        return linking;
    }

    public boolean anonymous() {
        return anonymous;
    }

    public static Optional<IdentifierType> ofKey(String key) {
        return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst();
    }
}

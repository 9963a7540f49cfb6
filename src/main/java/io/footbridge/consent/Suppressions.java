package io.footbridge.consent;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.UUID;

/** Addresses no message may go to on a channel, whatever the consents say: hard bounces, complaints, staff's list. */
public interface Suppressions {

    enum Reason {
        BOUNCED, COMPLAINED, WITHDRAWN, UNREACHABLE, MANUAL;

        @JsonValue
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Adds the address (normalised); answers false when it was suppressed already. */
    boolean suppress(UUID tenantId, Channel channel, String address, Reason reason, String detail);

    boolean suppressed(UUID tenantId, Channel channel, String address);
}

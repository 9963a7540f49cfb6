package io.footbridge.consent;

import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.UUID;

/**
 * May I send this person this kind of message on this channel now? Every send asks, and the answer says why not:
 * no consent, withdrawn, awaiting confirmation, suppressed, erased, quiet hours or the frequency cap.
 */
public interface ConsentGate {

    /**
     * @param profileId    the person, if known; the address alone is enough (a receipt for a walk-in customer)
     * @param address      where the message goes, normalised (an email, an E.164 phone); null for ads audiences
     * @param zone         the clock quiet hours are read on (the store's); null for the tenant's
     * @param contactKey   what is being sent (a message id): {@link #admit} counts it once towards the cap, however
     *                     often it is tried
     * @param acknowledges for the one service message that confirms an opt-out (the reply to STOP): the origin key
     *                     of the withdrawal it confirms. It may pass while that withdrawal is the newest line and
     *                     recent. For the answer to HELP: {@link HelpRequests#PREFIX} and the inbound message's id;
     *                     it may pass a withdrawal while the request is recent. Null for every other message
     */
    record Ask(UUID tenantId, UUID profileId, Channel channel, Purpose purpose, String address, ZoneId zone,
               Instant at, String acknowledges, String contactKey) {

        public Ask(UUID tenantId, UUID profileId, Channel channel, Purpose purpose, String address, ZoneId zone,
                   Instant at) {
            this(tenantId, profileId, channel, purpose, address, zone, at, null, null);
        }

        public Ask(UUID tenantId, UUID profileId, Channel channel, Purpose purpose, String address, ZoneId zone,
                   Instant at, String acknowledges) {
            this(tenantId, profileId, channel, purpose, address, zone, at, acknowledges, null);
        }
    }

    enum Reason {
        /** Marketing with a current grant. */
        GRANTED,
        /** A service message, not withdrawn. */
        SERVICE,
        /** The confirmation of an opt-out that was just recorded, or the answer to a HELP the person just sent. */
        ACKNOWLEDGEMENT,
        NO_CONSENT,
        WITHDRAWN,
        PENDING_CONFIRMATION,
        SUPPRESSED,
        ERASED,
        QUIET_HOURS,
        FREQUENCY_CAP;

        @JsonValue
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code notBefore}: when asking again may get a yes (after quiet hours, when the cap frees up); else null. */
    record Decision(boolean allowed, Reason reason, String detail, Instant notBefore) {

        public static Decision allow(Reason reason, String detail) {
            return new Decision(true, reason, detail, null);
        }

        public static Decision refuse(Reason reason, String detail, Instant notBefore) {
            return new Decision(false, reason, detail, notBefore);
        }
    }

    /** Answers without changing anything. */
    Decision check(Ask ask);

    /**
     * Answers and, when the answer is yes for a marketing message, counts it towards the person's frequency cap, in
     * the caller's transaction; concurrent admissions for one person are serialised so the cap holds.
     */
    Decision admit(Ask ask);
}

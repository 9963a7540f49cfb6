package io.footbridge.messaging.sms;

import java.util.Map;
import java.util.Set;

/** What Twilio's error codes (API answers and status callbacks alike) mean for the address and the ledger. */
final class TwilioErrors {

    /** The person replied STOP to this sender at the carrier; Twilio refuses to send until they reply START. */
    static final int OPTED_OUT = 21610;

    /** The number itself cannot take SMS: not a valid number, not a mobile, unknown or a landline at the carrier. */
    private static final Set<Integer> UNREACHABLE = Set.of(21211, 21612, 21614, 30005, 30006);

    private static final Map<Integer, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry(20003, "Twilio refused the account SID or auth token"),
            Map.entry(21211, "the number is not a valid phone number"),
            Map.entry(21408, "sending to this region is not enabled on the Twilio account"),
            Map.entry(21606, "the sender number cannot send SMS"),
            Map.entry(21610, "the recipient replied STOP to this sender"),
            Map.entry(21612, "the number cannot be reached by SMS from this sender"),
            Map.entry(21614, "the number is not a mobile number"),
            Map.entry(21617, "the message is too long"),
            Map.entry(30003, "the handset is unreachable"),
            Map.entry(30004, "the message was blocked"),
            Map.entry(30005, "the number is unknown at the carrier"),
            Map.entry(30006, "the number is a landline or its carrier cannot be reached"),
            Map.entry(30007, "the carrier filtered the message"),
            Map.entry(30008, "the carrier reported an unknown error"));

    private TwilioErrors() {
    }

    static boolean unreachable(int code) {
        return UNREACHABLE.contains(code);
    }

    /** A reason that names the code and what it means, never the number (Twilio's own message quotes it). */
    static String describe(int code) {
        String meaning = DESCRIPTIONS.get(code);
        return "Twilio error " + code + (meaning == null ? "" : ": " + meaning);
    }

    static Integer parse(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(code.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

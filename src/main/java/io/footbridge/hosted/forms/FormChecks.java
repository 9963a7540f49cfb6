package io.footbridge.hosted.forms;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.footbridge.platform.RateLimits;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.regex.Pattern;

/** What every hosted form checks: plausible contacts, bots, and how often one address sends. */
@Component
class FormChecks {

    /** Submissions per address and minute; a store's guests may share one address, so it is generous. */
    static final int PER_MINUTE = 60;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s.]{2,}");
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final RateLimits.Limit perAddress;

    FormChecks(RateLimits limits) {
        this.perAddress = limits.limit("form-address", PER_MINUTE, Duration.ofMinutes(1));
    }

    static boolean email(String text) {
        return text != null && text.length() <= 254 && EMAIL.matcher(text).matches();
    }

    static boolean phone(String text, String country) {
        try {
            return text.length() <= 32 && PHONES.isValidNumber(PHONES.parse(text, country));
        } catch (NumberParseException e) {
            return false;
        }
    }

    /** A field people never see and bots fill in. */
    static boolean bot(String honeypot) {
        return honeypot != null && !honeypot.isEmpty();
    }

    boolean tooMany(String address) {
        return !perAddress.tryConsume(address).allowed();
    }

    static String trim(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

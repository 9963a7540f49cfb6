package io.footbridge.identity;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import org.springframework.stereotype.Component;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns identifiers as typed or scanned into the form that profiles are matched on: phones to E.164 (with the
 * store's country when no prefix is given), emails lower-cased with the provider rules that are safe, loyalty
 * numbers without spaces and dashes, device ids as given. A value that cannot be normalised gets a problem instead.
 */
@Component
public class IdentifierNormaliser {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Pattern EMAIL_LOCAL = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}");
    private static final Pattern DOMAIN = Pattern.compile("(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern LOYALTY = Pattern.compile("[A-Z0-9._:/]{1,64}");
    private static final Pattern UUID_FORM = Pattern.compile("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Dots are ignored and {@code +tags} delivered to the same inbox. */
    private static final Set<String> GMAIL = Set.of("gmail.com", "googlemail.com");
    /** Providers where {@code +tag} reaches the same inbox; the dots in their addresses do matter. */
    private static final Set<String> PLUS_TAGS = Set.of("outlook.com", "hotmail.com", "live.com", "msn.com",
            "icloud.com", "me.com", "mac.com", "protonmail.com", "proton.me", "pm.me", "fastmail.com");
    /** What apps and forms send when they have no id: never a person. */
    private static final Set<String> PLACEHOLDERS = Set.of("null", "undefined", "none", "unknown", "nil", "n/a",
            "0", "-", "00000000-0000-0000-0000-000000000000");

    /** Words of an address's local part that name a household or a role rather than a person. */
    private static final Set<String> HOUSEHOLD_WORDS = Set.of("familie", "family", "fam", "famille", "haushalt",
            "household", "home", "zuhause", "info", "kontakt", "contact", "office", "buero", "team", "hallo", "hello",
            "mail", "post", "wir", "us");
    private static final Pattern LOCAL_WORDS = Pattern.compile("[^a-z]+");

    /**
     * Whether a normalised identifier belongs to a household rather than a person: a fixed-line phone rings for
     * everyone at home, an address such as {@code familie.becker@…} or {@code info@…} is read by several. Such a
     * value says whose a record is only together with a name; on its own it links nobody.
     */
    public static boolean household(IdentifierType type, String value) {
        if (value == null) {
            return false;
        }
        if (type == IdentifierType.PHONE) {
            try {
                return PHONES.getNumberType(PHONES.parse(value, "ZZ")) == PhoneNumberUtil.PhoneNumberType.FIXED_LINE;
            } catch (NumberParseException e) {
                return false;
            }
        }
        if (type == IdentifierType.EMAIL) {
            int at = value.indexOf('@');
            for (String word : LOCAL_WORDS.split(at < 0 ? value : value.substring(0, at))) {
                // Gmail drops the dots, so "familie.becker" arrives as "familiebecker"
                if (HOUSEHOLD_WORDS.contains(word) || word.startsWith("famil") || word.startsWith("haushalt")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @param country the ISO 3166 country to read phone numbers without a prefix in (the store's), or null
     */
    public Normalised normalise(IdentifierType type, String raw, String country) {
        if (raw == null || raw.isBlank()) {
            return Normalised.invalid(type, raw == null ? "" : raw, "is empty");
        }
        String original = raw.length() > 320 ? raw.substring(0, 320) : raw;
        if (raw.length() > 320) {
            return Normalised.invalid(type, original, "is longer than 320 characters");
        }
        return switch (type) {
            case EMAIL -> email(original);
            case PHONE -> phone(original, country);
            case LOYALTY_ID -> loyalty(original);
            case DEVICE_ID, ANONYMOUS_ID -> device(type, original);
            case BIRTH_DATE -> birthDate(original);
        };
    }

    private static Normalised email(String original) {
        String email = original.strip().toLowerCase(Locale.ROOT);
        if (email.startsWith("mailto:")) {
            email = email.substring("mailto:".length());
        }
        int at = email.lastIndexOf('@');
        if (at <= 0 || at != email.indexOf('@') || email.length() > 254) {
            return Normalised.invalid(IdentifierType.EMAIL, original, "is not an email address");
        }
        String local = email.substring(0, at);
        String domain = email.substring(at + 1);
        if (!EMAIL_LOCAL.matcher(local).matches() || local.startsWith(".") || local.endsWith(".")
                || local.contains("..") || !DOMAIN.matcher(domain).matches()) {
            return Normalised.invalid(IdentifierType.EMAIL, original, "is not an email address");
        }
        if (GMAIL.contains(domain)) {
            local = withoutTag(local).replace(".", "");
            domain = "gmail.com";
        } else if (PLUS_TAGS.contains(domain)) {
            local = withoutTag(local);
        }
        if (local.isEmpty()) {
            return Normalised.invalid(IdentifierType.EMAIL, original, "is not an email address");
        }
        return Normalised.valid(IdentifierType.EMAIL, original, local + "@" + domain);
    }

    private static String withoutTag(String local) {
        int plus = local.indexOf('+');
        return plus < 0 ? local : local.substring(0, plus);
    }

    private static Normalised phone(String original, String country) {
        String region = country == null || country.isBlank() ? "ZZ" : country.strip().toUpperCase(Locale.ROOT);
        try {
            Phonenumber.PhoneNumber number = PHONES.parse(original, region);
            if (!PHONES.isValidNumber(number)) {
                return Normalised.invalid(IdentifierType.PHONE, original, "is not a valid phone number");
            }
            return Normalised.valid(IdentifierType.PHONE, original,
                    PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Normalised.invalid(IdentifierType.PHONE, original,
                    e.getErrorType() == NumberParseException.ErrorType.INVALID_COUNTRY_CODE
                            ? "has no country prefix (+…) and the store's country is not known"
                            : "is not a phone number");
        }
    }

    private static Normalised loyalty(String original) {
        String value = original.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        if (!LOYALTY.matcher(value).matches()) {
            return Normalised.invalid(IdentifierType.LOYALTY_ID, original,
                    "may hold only letters, digits and . _ : / (spaces and dashes are ignored)");
        }
        return Normalised.valid(IdentifierType.LOYALTY_ID, original, value);
    }

    private static Normalised device(IdentifierType type, String original) {
        String value = original.strip();
        if (PLACEHOLDERS.contains(value.toLowerCase(Locale.ROOT)) || value.chars().allMatch(c -> c == '0' || c == '-')) {
            return Normalised.invalid(type, original, "is a placeholder, not an id");
        }
        if (value.length() > 200 || value.chars().anyMatch(Character::isISOControl)) {
            return Normalised.invalid(type, original, "is not an id (control characters or over 200 characters)");
        }
        return Normalised.valid(type, original, UUID_FORM.matcher(value).matches() ? value.toLowerCase(Locale.ROOT)
                : value);
    }

    private static Normalised birthDate(String original) {
        try {
            LocalDate date = LocalDate.parse(original.strip());
            if (date.getYear() < 1900 || date.isAfter(LocalDate.now(ZoneOffset.UTC))) {
                return Normalised.invalid(IdentifierType.BIRTH_DATE, original, "is not a plausible birth date");
            }
            return Normalised.valid(IdentifierType.BIRTH_DATE, original, date.toString());
        } catch (DateTimeException e) {
            return Normalised.invalid(IdentifierType.BIRTH_DATE, original, "is not a date such as 1985-04-12");
        }
    }
}

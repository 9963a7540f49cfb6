package io.footbridge.console.convert;

import io.footbridge.offers.OfferCatalog;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;

/**
 * The offer form as typed: amounts in the currency's major unit (5.50), lists (stores, products, channels, loyalty
 * tiers) comma-separated, dates as dates (which the offers module reads in each store's zone). Turned into the
 * module's rules in minor units, or problems naming the field.
 */
public record OfferForm(String name, String description, String terms, String type, String percent, String amount,
                        String maxDiscount, String freeSku, String currency, String minBasket, String validFrom,
                        String validUntil, String validDays, String perCustomerLimit, String maxRedemptions,
                        String budget, String stores, String skus, String categories, String channels,
                        String codePrefix, String codeLength, String genericCode, String tiers) {

    static final OfferForm EMPTY = new OfferForm("", "", "", "percent", "", "", "", "", "EUR", "", "", "", "", "",
            "", "", "", "", "", "", "", "", "", "");

    static OfferForm of(OfferCatalog.Rules r) {
        return new OfferForm(r.name(), text(r.description()), text(r.terms()), r.type(),
                r.percent() == null ? "" : r.percent().stripTrailingZeros().toPlainString(),
                major(r.amount(), r.currency()), major(r.maxDiscount(), r.currency()), text(r.freeSku()),
                r.currency(), r.minBasket() == null || r.minBasket() == 0 ? "" : major(r.minBasket(), r.currency()),
                r.validFrom(), r.validUntil(), text(r.validDays()), text(r.perCustomerLimit()),
                text(r.maxRedemptions()), major(r.budget(), r.currency()), String.join(", ", r.stores()),
                String.join(", ", r.skus()), String.join(", ", r.categories()), String.join(", ", r.channels()),
                text(r.codePrefix()), text(r.codeLength()), text(r.genericCode()), String.join(", ", r.tiers()));
    }

    OfferCatalog.Rules rules() {
        List<FieldError> errors = new ArrayList<>();
        String code = blankToNull(currency) == null ? null : currency.strip().toUpperCase(java.util.Locale.ROOT);
        OfferCatalog.Rules rules = new OfferCatalog.Rules(blankToNull(name), blankToNull(description),
                blankToNull(terms), blankToNull(type), decimal("percent", percent, errors),
                minor("amount", amount, code, errors), minor("maxDiscount", maxDiscount, code, errors),
                blankToNull(freeSku), code, minor("minBasket", minBasket, code, errors), blankToNull(validFrom),
                blankToNull(validUntil), whole("validDays", validDays, errors),
                whole("perCustomerLimit", perCustomerLimit, errors), wholeLong("maxRedemptions", maxRedemptions, errors),
                minor("budget", budget, code, errors), list(stores), list(skus), list(categories), list(channels),
                blankToNull(codePrefix), whole("codeLength", codeLength, errors), blankToNull(genericCode),
                list(tiers));
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return rules;
    }

    /** A money amount typed in major units, in minor units of the currency (two decimals when it is unknown). */
    static Long minor(String field, String text, String currency, List<FieldError> errors) {
        BigDecimal value = decimal(field, text, errors);
        if (value == null) {
            return null;
        }
        try {
            return value.movePointRight(digits(currency)).longValueExact();
        } catch (ArithmeticException e) {
            errors.add(new FieldError(field, "has more decimals than the currency"));
            return null;
        }
    }

    private static String major(Long minor, String currency) {
        return minor == null ? "" : BigDecimal.valueOf(minor).movePointLeft(digits(currency)).toPlainString();
    }

    private static int digits(String currency) {
        try {
            return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException | NullPointerException e) {
            return 2;
        }
    }

    private static BigDecimal decimal(String field, String text, List<FieldError> errors) {
        if (blankToNull(text) == null) {
            return null;
        }
        try {
            return new BigDecimal(text.strip().replace(',', '.'));
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, "is not a number"));
            return null;
        }
    }

    private static Integer whole(String field, String text, List<FieldError> errors) {
        Long value = wholeLong(field, text, errors);
        if (value != null && (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE)) {
            errors.add(new FieldError(field, "is too large"));
            return null;
        }
        return value == null ? null : value.intValue();
    }

    private static Long wholeLong(String field, String text, List<FieldError> errors) {
        if (blankToNull(text) == null) {
            return null;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, "is not a whole number"));
            return null;
        }
    }

    private static List<String> list(String text) {
        return text == null ? List.of()
                : Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}

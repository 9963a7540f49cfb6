package io.footbridge.receipts.receipt;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/** Minor units shown as customers read money: in the currency and the brand's language. */
final class Money {

    private Money() {
    }

    static String format(long minorUnits, String currency, Locale locale) {
        Currency unit = Currency.getInstance(currency);
        int digits = Math.max(0, unit.getDefaultFractionDigits());
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(unit);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(BigDecimal.valueOf(minorUnits, digits));
    }
}

package io.footbridge.console.web;

import io.footbridge.platform.ProblemException;

import java.math.BigDecimal;
import java.util.Currency;

/** Amounts as staff type them (12.50 or 12,50) in minor units of a currency. */
public final class Money {

    private Money() {
    }

    /** Minor units of the amount, or a 400 naming the field when it is no amount of this currency. */
    public static long minor(String typed, String currency, String field) {
        String text = typed == null ? "" : typed.strip().replace(',', '.');
        if (text.isEmpty()) {
            throw ProblemException.invalid(field, "is required");
        }
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        try {
            BigDecimal amount = new BigDecimal(text);
            if (amount.signum() < 0 || amount.scale() > digits || amount.compareTo(BigDecimal.valueOf(1_000_000_000))
                    > 0) {
                throw ProblemException.invalid(field, "must be an amount from 0 with at most " + digits
                        + " decimals");
            }
            return amount.movePointRight(digits).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw ProblemException.invalid(field, "is not an amount, such as 12.50");
        }
    }
}

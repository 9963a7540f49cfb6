package io.footbridge.journeys.flow;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * An ISO 8601 duration as a journey writes it: calendar parts ({@code P1M}, {@code P14D}) and clock parts
 * ({@code PT2H}) together, as {@code P1MT2H}; a leading minus for offsets before a date ({@code -P7D}).
 */
public record Wait(String text, Period period, Duration time) {

    /** Reads the text; throws {@link IllegalArgumentException} saying why it is not a duration. */
    public static Wait parse(String text) {
        String s = text.strip().toUpperCase(Locale.ROOT);
        boolean minus = s.startsWith("-");
        String body = minus ? s.substring(1) : s;
        if (!body.startsWith("P") || body.length() < 3) {
            throw new IllegalArgumentException("is not an ISO 8601 duration such as PT2H or P14D");
        }
        int t = body.indexOf('T');
        try {
            String calendar = t < 0 ? body : body.substring(0, t);
            Period period = calendar.equals("P") ? Period.ZERO : Period.parse(calendar);
            Duration time = t < 0 ? Duration.ZERO : Duration.parse("P" + body.substring(t));
            if (minus) {
                period = period.negated();
                time = time.negated();
            }
            return new Wait(text.strip(), period, time);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("is not an ISO 8601 duration such as PT2H or P14D");
        }
    }

    public boolean negative() {
        return period.isNegative() || time.isNegative();
    }

    public boolean zero() {
        return period.isZero() && time.isZero();
    }

    /** The moment this long after {@code from}, months and days counted on the UTC calendar. */
    public Instant after(Instant from) {
        return from.atOffset(ZoneOffset.UTC).plus(period).plus(time).toInstant();
    }
}

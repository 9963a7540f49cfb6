package io.footbridge.capture.imports;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One record of a CSV file under our column names, with readers that note a precise error (naming the file's own
 * header) instead of throwing.
 */
public final class CsvRow {

    private static final Set<String> TRUE = Set.of("true", "yes", "y", "1", "x");
    private static final Set<String> FALSE = Set.of("false", "no", "n", "0", "");
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd").optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("HH:mm").optionalStart().appendPattern(":ss").optionalEnd()
            .optionalStart().appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    private final long line;
    private final long record;
    private final Map<String, String> values;
    private final Map<String, String> headers;
    private final ImportOptions options;

    CsvRow(long line, long record, Map<String, String> values, Map<String, String> headers, ImportOptions options) {
        this.line = line;
        this.record = record;
        this.values = values;
        this.headers = headers;
        this.options = options;
    }

    public long line() {
        return line;
    }

    public long record() {
        return record;
    }

    public RowError error(String column, String message) {
        return new RowError(line, record, headers.getOrDefault(column, column), message);
    }

    /** The trimmed value, or null when the column is absent or the cell empty. */
    public String text(String column) {
        String value = values.get(column);
        return value == null || value.isBlank() ? null : value.strip();
    }

    public String text(String column, int maxLength, List<RowError> errors) {
        String value = text(column);
        if (value != null && value.length() > maxLength) {
            errors.add(error(column, "is longer than " + maxLength + " characters"));
            return null;
        }
        return value;
    }

    public String required(String column, int maxLength, List<RowError> errors) {
        String value = text(column, maxLength, errors);
        if (value == null && text(column) == null) {
            errors.add(error(column, "is required"));
        }
        return value;
    }

    public Integer integer(String column, List<RowError> errors) {
        String value = text(column);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            errors.add(error(column, "is not a whole number: " + shown(value)));
            return null;
        }
    }

    /** An amount in minor units of the currency, read as given or, with {@code amounts=decimal}, as 12.99. */
    public Long amount(String column, String currency, List<RowError> errors) {
        String value = text(column);
        if (value == null) {
            return null;
        }
        try {
            if (!options.decimalAmounts()) {
                return Long.valueOf(value);
            }
            int digits = currency == null ? 2 : Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
            BigDecimal decimal = new BigDecimal(value);
            if (decimal.scale() > digits) {
                errors.add(error(column, "has more decimals than " + currency + " allows (" + digits + "): " + value));
                return null;
            }
            return decimal.movePointRight(digits).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            errors.add(error(column, options.decimalAmounts()
                    ? "is not an amount such as 12.99: " + shown(value)
                    : "is not a whole amount in minor units (cents): " + shown(value)
                    + (value.matches("-?\\d+[.,]\\d+") ? "; import with amounts=decimal for 12.99" : "")));
            return null;
        } catch (IllegalArgumentException unknownCurrency) {
            return null; // the currency column reports it
        }
    }

    /**
     * A point in time: with an offset ({@code 2024-03-01T10:15:00Z}, {@code …+01:00}), or local
     * ({@code 2024-03-01 10:15}, {@code 2024-03-01}) and then in {@code zone}.
     */
    public Instant time(String column, ZoneId zone, List<RowError> errors) {
        String value = text(column);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(value, LOCAL).atZone(zone).toInstant();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(value).atStartOfDay(zone).toInstant();
                } catch (DateTimeParseException notDate) {
                    errors.add(error(column, "is not a time such as 2024-03-01T10:15:00Z, 2024-03-01 10:15 or "
                            + "2024-03-01: " + shown(value)));
                    return null;
                }
            }
        }
    }

    public LocalDate date(String column, List<RowError> errors) {
        String value = text(column);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeException e) {
            errors.add(error(column, "is not a date such as 1984-05-17: " + shown(value)));
            return null;
        }
    }

    public Boolean bool(String column, List<RowError> errors) {
        String value = values.get(column);
        if (value == null) {
            return null;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (TRUE.contains(v)) {
            return true;
        }
        if (FALSE.contains(v)) {
            return v.isEmpty() ? null : false;
        }
        errors.add(error(column, "is not yes/no (true, false, yes, no, 1, 0): " + shown(value)));
        return null;
    }

    /** Values go back into error messages, so a long one is cut. */
    private static String shown(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}

package io.footbridge.capture.imports;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.footbridge.platform.FieldError;

import java.nio.charset.Charset;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How to read a file.
 *
 * @param mapping   our column name → the file's header, for files with their own layout
 * @param delimiter the field separator, {@code ,} unless given
 * @param amounts   {@code minor} (cents, as the API takes them) or {@code decimal} ({@code 12.99})
 * @param timeZone  the zone of times without an offset; the store's zone when not given
 * @param encoding  the file's character set, UTF-8 unless given
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportOptions(Map<String, String> mapping, String delimiter, Amounts amounts, String timeZone,
                            String encoding) {

    public enum Amounts {
        MINOR, DECIMAL;

        @JsonValue
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Amounts of(String value) {
            for (Amounts a : values()) {
                if (a.value().equals(value)) {
                    return a;
                }
            }
            return null;
        }
    }

    public ImportOptions {
        mapping = mapping == null ? Map.of() : new TreeMap<>(mapping);
    }

    public static ImportOptions defaults() {
        return new ImportOptions(Map.of(), null, null, null, null);
    }

    public char delimiterChar() {
        return delimiter == null ? ',' : delimiter.equals("\\t") ? '\t' : delimiter.charAt(0);
    }

    public boolean decimalAmounts() {
        return amounts == Amounts.DECIMAL;
    }

    public ZoneId zoneOr(ZoneId fallback) {
        return timeZone == null ? fallback : ZoneId.of(timeZone);
    }

    public Charset charset() {
        return encoding == null ? java.nio.charset.StandardCharsets.UTF_8 : Charset.forName(encoding);
    }

    /** Reads {@code amounts} as the API and the command line spell it; null when it is not a known value. */
    public static Amounts amounts(String value) {
        return value == null ? null : Amounts.of(value.toLowerCase(Locale.ROOT));
    }

    List<FieldError> problems(ImportHandler handler) {
        List<FieldError> errors = new ArrayList<>();
        mapping.forEach((column, header) -> {
            if (!handler.columns().contains(column)) {
                errors.add(new FieldError("map." + column, "is not a column of a " + handler.kind().value()
                        + " import; known columns: " + String.join(", ", handler.columns())));
            } else if (header == null || header.isBlank()) {
                errors.add(new FieldError("map." + column, "must name a header of the file"));
            }
        });
        if (delimiter != null && !delimiter.equals("\\t")
                && (delimiter.length() != 1 || "\"\r\n".contains(delimiter))) {
            errors.add(new FieldError("delimiter", "must be one character other than a quote or a line break, or \\t"));
        }
        if (timeZone != null) {
            try {
                ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                errors.add(new FieldError("timeZone", "is not an IANA time zone such as Europe/Berlin"));
            }
        }
        if (encoding != null) {
            try {
                Charset.forName(encoding);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("encoding", "is not a character set this server knows (UTF-8, windows-1252, "
                        + "ISO-8859-1 …)"));
            }
        }
        return errors;
    }
}

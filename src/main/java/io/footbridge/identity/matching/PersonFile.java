package io.footbridge.identity.matching;

import io.footbridge.identity.IdentifierNormaliser;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.Normalised;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads customer records from CSV. Columns are found by name, through a mapping where the file has its own
 * layout; one column may be made of several ({@code street=street_number,address_1}).
 */
final class PersonFile {

    static final List<String> COLUMNS = List.of("record_id", "source", "first_name", "last_name", "email", "phone",
            "country", "loyalty_id", "birth_date", "street", "city", "postcode");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    /**
     * @param mapping      our column → the file's header(s), comma separated
     * @param truthColumn  a column that names the true person, for measuring; or null
     * @param truthPattern a regular expression whose first group is the person within the truth column; or null
     */
    record Layout(Map<String, String> mapping, char delimiter, String defaultCountry, String truthColumn,
                  Pattern truthPattern) {
    }

    /** A problem with the file as a whole. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    private final IdentifierNormaliser normaliser = new IdentifierNormaliser();

    List<Person> read(Path file, Layout layout) throws IOException, Unreadable {
        if (!Files.isRegularFile(file)) {
            throw new Unreadable("there is no file " + file);
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.RFC4180.builder().setDelimiter(layout.delimiter()).setHeader()
                     .setSkipHeaderRecord(true).setTrim(true).setIgnoreEmptyLines(true).get().parse(reader)) {
            Map<String, Integer> headers = new LinkedHashMap<>();
            parser.getHeaderNames().forEach(name -> headers.put(name.strip().toLowerCase(Locale.ROOT),
                    headers.size()));
            Map<String, int[]> columns = columns(headers, layout, file);
            int[] truth = null;
            if (layout.truthColumn() != null) {
                Integer index = headers.get(layout.truthColumn().toLowerCase(Locale.ROOT));
                if (index == null) {
                    throw new Unreadable(file + ": no column " + layout.truthColumn() + " for the truth");
                }
                truth = new int[]{index};
            }
            String fileName = file.getFileName().toString();
            List<CSVRecord> batch = new ArrayList<>(8192);
            List<Person> people = new ArrayList<>();
            for (CSVRecord record : parser) {
                batch.add(record);
                if (batch.size() == 8192) {
                    people.addAll(normalise(batch, columns, truth, layout, fileName));
                    batch.clear();
                }
            }
            people.addAll(normalise(batch, columns, truth, layout, fileName));
            return people;
        } catch (java.nio.charset.CharacterCodingException notUtf8) {
            throw new Unreadable(file + " is not UTF-8 text");
        } catch (java.io.UncheckedIOException | IllegalStateException | IllegalArgumentException broken) {
            if (broken.getCause() instanceof java.nio.charset.CharacterCodingException) {
                throw new Unreadable(file + " is not UTF-8 text");
            }
            throw new Unreadable(file + " cannot be read as CSV: " + broken.getMessage());
        }
    }

    private static Map<String, int[]> columns(Map<String, Integer> headers, Layout layout, Path file)
            throws Unreadable {
        Map<String, int[]> columns = new LinkedHashMap<>();
        for (String column : COLUMNS) {
            String wanted = layout.mapping().getOrDefault(column, column);
            String[] parts = wanted.split(",");
            int[] indexes = new int[parts.length];
            boolean all = true;
            for (int i = 0; i < parts.length; i++) {
                Integer index = headers.get(parts[i].strip().toLowerCase(Locale.ROOT));
                if (index == null) {
                    all = false;
                    break;
                }
                indexes[i] = index;
            }
            if (all) {
                columns.put(column, indexes);
            } else if (layout.mapping().containsKey(column) || column.equals("record_id")) {
                throw new Unreadable(file + ": no column " + wanted + " (for " + column + "); its header reads: "
                        + String.join(", ", headers.keySet()));
            }
        }
        return columns;
    }

    private List<Person> normalise(List<CSVRecord> records, Map<String, int[]> columns, int[] truth, Layout layout,
                                   String fileName) {
        return records.parallelStream().map(record -> {
            Map<String, String> raw = new HashMap<>();
            columns.forEach((column, indexes) -> {
                StringBuilder value = new StringBuilder();
                for (int index : indexes) {
                    String part = index < record.size() ? record.get(index).strip() : "";
                    if (!part.isEmpty()) {
                        value.append(value.length() == 0 ? "" : " ").append(part);
                    }
                }
                raw.put(column, value.length() == 0 ? null : value.toString());
            });
            String country = raw.get("country") != null ? raw.get("country") : layout.defaultCountry();
            String truthValue = null;
            if (truth != null && truth[0] < record.size()) {
                truthValue = record.get(truth[0]).strip();
                if (layout.truthPattern() != null) {
                    Matcher m = layout.truthPattern().matcher(truthValue);
                    truthValue = m.find() ? (m.groupCount() >= 1 ? m.group(1) : m.group()) : truthValue;
                }
            }
            return new Person(raw.get("record_id"), raw.get("source") != null ? raw.get("source") : fileName,
                    text(raw.get("first_name")), text(raw.get("last_name")),
                    identifier(IdentifierType.EMAIL, raw.get("email"), null),
                    identifier(IdentifierType.PHONE, raw.get("phone"), country),
                    identifier(IdentifierType.LOYALTY_ID, raw.get("loyalty_id"), null),
                    date(raw.get("birth_date")), text(raw.get("street")), text(raw.get("city")),
                    code(raw.get("postcode")), truthValue);
        }).toList();
    }

    private String identifier(IdentifierType type, String raw, String country) {
        if (raw == null) {
            return null;
        }
        Normalised n = normaliser.normalise(type, raw, country);
        return n.usable() ? n.value() : null;
    }

    /** Lower case, no accents, words separated by one space. */
    static String text(String raw) {
        if (raw == null) {
            return null;
        }
        String plain = MARKS.matcher(Normalizer.normalize(raw, Normalizer.Form.NFD)).replaceAll("");
        String words = NOT_WORD.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
        return words.isEmpty() ? null : words;
    }

    static String code(String raw) {
        String text = text(raw);
        return text == null ? null : text.replace(" ", "");
    }

    /** Birth dates as yyyyMMdd from 1985-04-12, 19850412, 12.04.1985 or 12/04/1985; anything else is missing. */
    static String date(String raw) {
        if (raw == null) {
            return null;
        }
        String digits = raw.replaceAll("[^0-9]", "");
        if (digits.length() != 8) {
            return null;
        }
        if (raw.matches("\\d{1,2}[./]\\d{1,2}[./]\\d{4}")) {
            return digits.substring(4) + digits.substring(2, 4) + digits.substring(0, 2);
        }
        return digits;
    }
}

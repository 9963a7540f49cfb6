package io.footbridge.capture.imports;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;

/** Records of a CSV file (RFC 4180 with the chosen delimiter), header first. */
final class CsvSource implements RecordSource {

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private long lastLine;

    CsvSource(Reader reader, char delimiter) throws IOException {
        this.parser = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).setTrim(false)
                .get().parse(reader);
        this.records = parser.iterator();
    }

    @Override
    public Raw next() throws IOException {
        long line = lastLine + 1;
        try {
            if (!records.hasNext()) {
                return null;
            }
            CSVRecord record = records.next();
            lastLine = parser.getCurrentLineNumber();
            return new Raw(line, record.toList());
        } catch (UncheckedIOException | IllegalStateException broken) {
            throw new Unreadable(line, cause(broken));
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replaceAll("(?i) at line \\d+.*", "").replaceAll("\\s+", " ").strip();
    }
}

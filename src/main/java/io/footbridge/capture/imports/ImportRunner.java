package io.footbridge.capture.imports;

import io.footbridge.platform.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Reads a CSV file and feeds it to its handler in chunks, each committed together with the job's progress and its
 * row errors, so that a job interrupted at any moment resumes after its last commit and imports nothing twice.
 * Memory stays flat: only one chunk of rows is held at a time.
 */
@Component
class ImportRunner {

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);
    private static final char REPLACEMENT = '\uFFFD';

    private final ImportJobRepository jobs;
    private final TransactionTemplate transaction;
    private final ImportProperties properties;

    ImportRunner(ImportJobRepository jobs, TransactionTemplate transaction, ImportProperties properties) {
        this.jobs = jobs;
        this.transaction = transaction;
        this.properties = properties;
    }

    /** Runs a claimed job to its end, or until {@code stop} says so; answers the status it left the job in. */
    ImportJob.Status run(ImportJob job, ImportHandler handler, Actor actor, ImportProgress listener,
                         BooleanSupplier stop) {
        jobs.deleteErrorsFrom(job.id(), job.rowsRead());
        try (CountingInputStream bytes = new CountingInputStream(
                new BufferedInputStream(Files.newInputStream(Path.of(job.filePath())), 64 * 1024));
             RecordSizeGuard reader = new RecordSizeGuard(new BufferedReader(new InputStreamReader(bytes,
                     job.options().charset().newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                     .onUnmappableCharacter(CodingErrorAction.REPLACE)), 64 * 1024), properties.maxRecordSize())) {
            boolean xml = startsWithMarkup(reader);
            if (xml && handler.kind() != ImportKind.TRANSACTIONS) {
                return fail(job, "This is an XML file; only transactions are read from XML (POSLog). Send "
                        + handler.kind().value() + " as CSV.");
            }
            // POSLog has its own element names and decimal amounts; a mapping or amounts option does not apply
            ImportOptions options = xml ? new ImportOptions(null, null, ImportOptions.Amounts.DECIMAL,
                    job.options().timeZone(), job.options().encoding()) : job.options();
            Run run = new Run(job, options, handler, new ImportContext(actor, job.id(), options,
                    Instant.now().truncatedTo(ChronoUnit.MICROS)), listener, jobs.errorCount(job.id()));
            run.bytes = bytes;
            try (RecordSource source = xml ? new PosLogSource(reader, reader::recordEnded)
                    : new CsvSource(reader, options.delimiterChar())) {
                return read(job, run, source, reader, stop);
            }
        } catch (NoSuchFileException gone) {
            return fail(job, "The uploaded file is no longer there; upload it again.");
        } catch (IOException e) {
            log.warn("Import {} could not read its file: {}", job.id(), e.getClass().getSimpleName());
            return fail(job, "The file could not be read (" + e.getClass().getSimpleName() + ").");
        }
    }

    private ImportJob.Status read(ImportJob job, Run run, RecordSource source, RecordSizeGuard reader,
                                  BooleanSupplier stop) throws IOException {
        long rowNo = 0;
        try {
            RecordSource.Raw header = source.next();
            if (header == null) {
                return fail(job, "The file is empty: it needs a header line naming its columns.");
            }
            String problem = run.readHeader(header.values());
            if (problem != null) {
                return fail(job, problem);
            }
            RecordSource.Raw record;
            while ((record = source.next()) != null) {
                reader.recordEnded();
                rowNo++;
                if (rowNo <= job.rowsRead()) {
                    continue; // committed before an interruption
                }
                if (!run.add(record.values(), record.line(), rowNo) || stop.getAsBoolean()) {
                    return stopped(job, stop);
                }
            }
        } catch (RecordSource.Unreadable broken) {
            if (!run.flushOpen(source.givesWholeGroups())) {
                return stopped(job, stop);
            }
            return fail(job, "Line " + broken.line + " cannot be read: " + broken.getMessage()
                    + ". The rows before it were imported; fix the file and import it again.");
        }
        if (!run.flushOpen(true)) {
            return stopped(job, stop);
        }
        jobs.finish(job.id(), ImportJob.Status.SUCCEEDED, null);
        return ImportJob.Status.SUCCEEDED;
    }

    /** Looks past a byte order mark and white space for a {@code <}, and puts everything back. */
    private static boolean startsWithMarkup(Reader reader) throws IOException {
        reader.mark(4096);
        try {
            for (int i = 0; i < 4096; i++) {
                int c = reader.read();
                if (c < 0) {
                    return false;
                }
                if (c != '\uFEFF' && !Character.isWhitespace(c)) {
                    return c == '<';
                }
            }
            return false;
        } finally {
            reader.reset();
        }
    }

    private ImportJob.Status stopped(ImportJob job, BooleanSupplier stop) {
        if (stop.getAsBoolean() && jobs.interrupt(job.id()) == 1) {
            return ImportJob.Status.INTERRUPTED;
        }
        return ImportJob.Status.CANCELLED;
    }

    private ImportJob.Status fail(ImportJob job, String message) {
        jobs.finish(job.id(), ImportJob.Status.FAILED, message);
        return ImportJob.Status.FAILED;
    }

    /** The state of one pass over the file. */
    private final class Run {

        private final ImportJob job;
        private final ImportOptions options;
        private final ImportHandler handler;
        private final ImportContext context;
        private final ImportProgress listener;
        private long errorsStored;
        private CountingInputStream bytes;
        private final Map<String, Integer> columns = new HashMap<>();
        private final Map<String, String> headers = new HashMap<>();
        private int width;
        private final List<List<CsvRow>> groups = new ArrayList<>();
        private final Map<CsvRow, List<RowError>> problems = new HashMap<>();
        private List<CsvRow> open;
        private String openKey;
        private int rowsInGroups;
        private long rowsDone;
        private long imported;
        private long duplicates;
        private long rejected;

        Run(ImportJob job, ImportOptions options, ImportHandler handler, ImportContext context,
            ImportProgress listener, long errorsStored) {
            this.job = job;
            this.options = options;
            this.handler = handler;
            this.context = context;
            this.listener = listener;
            this.errorsStored = errorsStored;
            this.rowsDone = job.rowsRead();
            this.imported = job.imported();
            this.duplicates = job.duplicates();
            this.rejected = job.rejected();
        }

        /** Matches the file's headers to our columns, through the mapping; a problem message, or null. */
        String readHeader(List<String> header) {
            Map<String, Integer> byName = new LinkedHashMap<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < header.size(); i++) {
                String name = header.get(i).replace("\uFEFF", "").strip();
                names.add(name);
                byName.merge(name.toLowerCase(Locale.ROOT), i, (a, b) -> -1);
            }
            width = header.size();
            if (names.stream().anyMatch(name -> name.indexOf(REPLACEMENT) >= 0)) {
                return "The header is not valid " + options.charset().name() + "; give the file's encoding"
                        + " (encoding=windows-1252, ISO-8859-1 …) or save it as UTF-8.";
            }
            List<String> missing = new ArrayList<>();
            for (String column : handler.columns()) {
                String wanted = options.mapping().getOrDefault(column, column);
                Integer index = byName.get(wanted.toLowerCase(Locale.ROOT));
                if (index != null && index < 0) {
                    return "The header names \"" + wanted + "\" twice; which one is " + column + " is unclear.";
                }
                if (index != null) {
                    columns.put(column, index);
                    headers.put(column, names.get(index));
                } else if (handler.requiredColumns().contains(column)) {
                    missing.add(options.mapping().containsKey(column) ? wanted + " (for " + column + ")"
                            : column);
                }
            }
            if (!missing.isEmpty()) {
                return "The file has no column " + String.join(", ", missing) + ". Its header reads: "
                        + String.join(", ", names.stream().limit(40).toList())
                        + ". Rename the columns or map them (map=" + handler.requiredColumns().iterator().next()
                        + ":Your header).";
            }
            return null;
        }

        /** Adds a record; false when a commit found the job cancelled. */
        boolean add(List<String> record, long line, long rowNo) {
            Map<String, String> values = new HashMap<>();
            List<RowError> rowProblems = new ArrayList<>();
            columns.forEach((column, index) -> values.put(column, index < record.size() ? record.get(index) : null));
            CsvRow row = new CsvRow(line, rowNo, values, headers, options);
            if (record.size() != width && !onlyEmptyBeyond(record)) {
                rowProblems.add(row.error("[row]", "has " + record.size() + " fields where the header has " + width));
            }
            values.forEach((column, value) -> {
                if (value != null && value.indexOf(REPLACEMENT) >= 0) {
                    rowProblems.add(row.error(column, "is not valid " + options.charset().name()
                            + "; save the file as UTF-8 or give its encoding (encoding=windows-1252 …)"));
                }
            });
            if (!rowProblems.isEmpty()) {
                problems.put(row, rowProblems);
            }
            String key = handler.groupKey(row);
            if (open != null && (key == null || !key.equals(openKey))) {
                groups.add(open);
                open = null;
                if (rowsInGroups >= properties.chunkRows() && !flush()) {
                    return false;
                }
            }
            if (open == null) {
                open = new ArrayList<>();
                openKey = key;
            }
            open.add(row);
            rowsInGroups++;
            return true;
        }

        private boolean onlyEmptyBeyond(List<String> record) {
            for (int i = width; i < record.size(); i++) {
                if (!record.get(i).isBlank()) {
                    return false;
                }
            }
            return record.size() > width;
        }

        /** Commits what is read; {@code includingOpen} when the file ended, so the last group is complete. */
        boolean flushOpen(boolean includingOpen) {
            if (includingOpen && open != null) {
                groups.add(open);
                open = null;
            }
            return groups.isEmpty() || flush();
        }

        private boolean flush() {
            List<List<CsvRow>> chunk = List.copyOf(groups);
            groups.clear();
            rowsInGroups = open == null ? 0 : open.size();
            try {
                Boolean kept = transaction.execute(status -> commit(chunk));
                if (!Boolean.TRUE.equals(kept)) {
                    return false;
                }
            } catch (RuntimeException chunkFailed) {
                log.warn("Import {}: a chunk failed ({}); importing its items one by one", job.id(),
                        chunkFailed.getClass().getSimpleName());
                for (List<CsvRow> group : chunk) {
                    if (!commitAlone(group)) {
                        return false;
                    }
                }
            }
            problems.keySet().removeIf(row -> row.record() <= rowsDone);
            listener.committed(rowsDone, bytes.count(), imported, duplicates, rejected);
            return true;
        }

        private boolean commitAlone(List<CsvRow> group) {
            try {
                return Boolean.TRUE.equals(transaction.execute(status -> commit(List.of(group))));
            } catch (RuntimeException failed) {
                CsvRow first = group.get(0);
                log.warn("Import {}: record {} could not be stored ({})", job.id(), first.record(),
                        failed.getClass().getSimpleName());
                GroupOutcome refused = GroupOutcome.rejected(List.of(first.error("[row]",
                        "could not be stored; the server log has the reason under import " + job.id())));
                return Boolean.TRUE.equals(transaction.execute(status -> record(List.of(group), List.of(refused))));
            }
        }

        /** Imports the groups and records the outcome in one transaction; false when the job is gone. */
        private boolean commit(List<List<CsvRow>> chunk) {
            List<List<CsvRow>> clean = new ArrayList<>();
            for (List<CsvRow> group : chunk) {
                if (group.stream().noneMatch(problems::containsKey)) {
                    clean.add(group);
                }
            }
            List<GroupOutcome> cleanOutcomes = clean.isEmpty() ? List.of() : handler.importChunk(context, clean);
            List<GroupOutcome> outcomes = new ArrayList<>(chunk.size());
            int c = 0;
            for (List<CsvRow> group : chunk) {
                if (group.stream().noneMatch(problems::containsKey)) {
                    outcomes.add(cleanOutcomes.get(c++));
                } else {
                    outcomes.add(GroupOutcome.rejected(group.stream()
                            .flatMap(row -> problems.getOrDefault(row, List.of()).stream()).toList()));
                }
            }
            return record(chunk, outcomes);
        }

        private boolean record(List<List<CsvRow>> chunk, List<GroupOutcome> outcomes) {
            long newImported = 0;
            long newDuplicates = 0;
            long newRejected = 0;
            List<RowError> errors = new ArrayList<>();
            for (GroupOutcome outcome : outcomes) {
                switch (outcome.status()) {
                    case IMPORTED -> newImported++;
                    case DUPLICATE -> newDuplicates++;
                    case REJECTED -> {
                        newRejected++;
                        errors.addAll(outcome.errors());
                    }
                }
            }
            long room = Math.max(0, properties.maxErrorsKept() - errorsStored);
            if (!errors.isEmpty() && room > 0) {
                List<RowError> kept = errors.size() > room ? errors.subList(0, (int) room) : errors;
                jobs.insertErrors(job.id(), kept);
                errorsStored += kept.size();
            }
            List<CsvRow> last = chunk.get(chunk.size() - 1);
            long done = last.get(last.size() - 1).record();
            if (jobs.progress(job.id(), done, bytes.count(), newImported, newDuplicates, newRejected) == 0) {
                return false;
            }
            rowsDone = done;
            imported += newImported;
            duplicates += newDuplicates;
            rejected += newRejected;
            return true;
        }
    }

    static final class CountingInputStream extends FilterInputStream {

        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /**
     * Stops a runaway record, as an unclosed quote makes of the rest of the file, before it fills the memory. The
     * parser reads ahead, so the count is a little generous.
     */
    static final class RecordSizeGuard extends FilterReader {

        private final long limit;
        private long sinceRecord;

        RecordSizeGuard(Reader in, long limit) {
            super(in);
            this.limit = limit;
        }

        void recordEnded() {
            sinceRecord = 0;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            count(c < 0 ? 0 : 1);
            return c;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws IOException {
            sinceRecord += n;
            if (sinceRecord > limit) {
                throw new IOException("a record is longer than " + limit / 1024
                        + " KB, most likely because of a quote that is never closed");
            }
        }
    }
}

package io.footbridge.capture.imports;

import java.util.List;
import java.util.Set;

/**
 * Imports one kind of CSV file. The runner reads the file, maps its headers, groups rows and commits chunk by
 * chunk; a handler turns groups of rows into the capability's own records.
 */
public interface ImportHandler {

    ImportKind kind();

    /** Every column the handler reads, in the order the documentation lists them. */
    List<String> columns();

    Set<String> requiredColumns();

    /**
     * Consecutive rows with the same non-null key form one group, imported or rejected together (the lines of one
     * sale); null keeps each row on its own.
     */
    default String groupKey(CsvRow row) {
        return null;
    }

    /**
     * Imports groups inside the caller's database transaction and answers one outcome per group, in order. A
     * rejected group must leave nothing behind; an exception rolls the whole chunk back and the runner retries
     * its groups one by one.
     */
    List<GroupOutcome> importChunk(ImportContext context, List<List<CsvRow>> groups);
}

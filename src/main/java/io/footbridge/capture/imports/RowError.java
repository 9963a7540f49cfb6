package io.footbridge.capture.imports;

/**
 * Why a row was not imported. {@code column} is the file's own header name (after the mapping), or a name in
 * brackets such as {@code [row]} when the row as a whole is wrong.
 */
public record RowError(long line, long record, String column, String message) {
}

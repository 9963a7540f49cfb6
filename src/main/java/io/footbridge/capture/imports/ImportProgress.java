package io.footbridge.capture.imports;

/** Progress as each chunk commits, for the command line's progress bar. */
@FunctionalInterface
public interface ImportProgress {

    void committed(long rowsRead, long bytesRead, long imported, long duplicates, long rejected);
}

package io.footbridge.capture.imports;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** Where the runner's records come from: a CSV file, or rows made from a POSLog XML file. The first is the header. */
interface RecordSource extends Closeable {

    /** A record as read, with the line of the file it starts on. */
    record Raw(long line, List<String> values) {
    }

    /** The file cannot be read beyond this line. */
    final class Unreadable extends IOException {

        final long line;

        Unreadable(long line, String reason) {
            super(reason);
            this.line = line;
        }
    }

    /** The next record, or null at the end. */
    Raw next() throws IOException;

    /**
     * Whether the group of the last record given is complete when the file breaks after it. In a CSV file the next
     * line might have continued the sale; a POSLog transaction is given whole.
     */
    default boolean givesWholeGroups() {
        return false;
    }
}

package io.footbridge.capture.imports;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * An import and how far it got. {@code imported}, {@code duplicates} and {@code rejected} count items (a sale with
 * all its lines, a customer, a product); {@code rowsRead} counts the file's records.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportJob(UUID id, ImportKind kind, Status status, String fileName, long sizeBytes,
                        ImportOptions options, String createdBy, Instant createdAt, Instant startedAt,
                        Instant finishedAt, long rowsRead, long bytesRead, long imported, long duplicates,
                        long rejected, String error, @JsonIgnore String filePath, @JsonIgnore String sha256,
                        @JsonIgnore Instant heartbeatAt) {

    public enum Status {
        QUEUED, RUNNING, INTERRUPTED, SUCCEEDED, FAILED, CANCELLED;

        @JsonValue
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status of(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }

        boolean finished() {
            return this == SUCCEEDED || this == CANCELLED;
        }
    }

    /** Share of the file read so far, 0–100. */
    @JsonProperty
    public int percent() {
        if (status == Status.SUCCEEDED) {
            return 100;
        }
        return sizeBytes == 0 ? 0 : (int) Math.min(99, bytesRead * 100 / sizeBytes);
    }
}

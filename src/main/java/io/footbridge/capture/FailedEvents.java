package io.footbridge.capture;

import io.footbridge.platform.Actor;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * Rejected input kept with its reasons: read a page at a time, replayed through the same validation and append as
 * live traffic, or discarded. The whole tenant's: callers need the events:write scope and no store binding.
 */
public interface FailedEvents {

    List<String> STATUSES = List.of("open", "replayed", "discarded");
    /** Most failures replayed in one request. */
    int MAX_REPLAY = 100;

    /** A failed event as kept: the payload as received (JSON, or the text that was not JSON). */
    record Failure(UUID id, String source, Instant receivedAt, String eventId, String payload,
                   List<FieldError> reasons, String status, Instant resolvedAt) {
    }

    /**
     * What to list: {@code status} one of {@link #STATUSES}; {@code source} the way in ({@code api}, {@code batch},
     * an import) or null for all; {@code reason} words the reasons contain, or null.
     */
    record Filter(String status, String source, String reason) {
    }

    /** Where the next page starts: after this failure, newest first. */
    record Cursor(Instant receivedAt, UUID id) {

        public static Cursor parse(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            int split = value.indexOf('_');
            try {
                return new Cursor(Instant.parse(value.substring(0, split)), UUID.fromString(value.substring(split + 1)));
            } catch (DateTimeParseException | IllegalArgumentException | StringIndexOutOfBoundsException e) {
                throw ProblemException.invalid("after", "is not a cursor from a previous page");
            }
        }

        public static Cursor after(Failure last) {
            return new Cursor(last.receivedAt(), last.id());
        }

        @Override
        public String toString() {
            return receivedAt + "_" + id;
        }
    }

    /**
     * How replaying one failure went: {@code accepted} (captured now), {@code duplicate} (its event was captured
     * before), {@code rejected} (still invalid, kept open with these fresh reasons), {@code resolved} (already
     * replayed or discarded: nothing done) or {@code not_found}.
     */
    record Replay(UUID id, String outcome, List<FieldError> reasons) {
    }

    List<Failure> list(Actor actor, Filter filter, Cursor after, int limit);

    Failure get(Actor actor, UUID id);

    /** Each in its own transaction, in the order given; a failure is replayed at most once however often asked. */
    List<Replay> replay(Actor actor, List<UUID> ids);

    /** Marks an open failure discarded; it stays listed as such. */
    void discard(Actor actor, UUID id);
}

package io.footbridge.capture.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.footbridge.platform.FieldError;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** What happened to one event of a request: kept, already there, or refused with the reasons. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemResult(int index, Status status, String eventId, List<FieldError> errors, UUID failedEventId) {

    public enum Status {
        ACCEPTED, DUPLICATE, REJECTED;

        @JsonValue
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}

package io.footbridge.capture.event;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

import java.time.Instant;

/** One event as an integration sends it. */
public record EventInput(@Size(max = 100) String eventId,
                         @NotBlank @Size(max = 64) String type,
                         @NotNull Instant occurredAt,
                         @Size(max = 32) String store,
                         @Size(max = 64) String touchpoint,
                         @Valid Identifiers identifiers,
                         JsonNode properties) {

    /** Identifiers exactly as the customer gave them; normalising and linking them is the identity module's job. */
    public record Identifiers(@Size(max = 254) String email,
                              @Size(max = 64) String phone,
                              @Size(max = 64) String loyaltyId,
                              @Size(max = 128) String anonymousId,
                              @Size(max = 128) String deviceId) {

        public boolean isEmpty() {
            return email == null && phone == null && loyaltyId == null && anonymousId == null && deviceId == null;
        }
    }
}

package io.footbridge.hosted.forms;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/**
 * An event or workshop in a store with a registration page.
 *
 * @param eventCode the code {@code event.registration} and {@code event.checkin} events carry
 * @param maxSeats  how many seats one registration may take (default 1)
 * @param tiers     loyalty tiers the event is kept for (their members only may register); empty for everyone
 */
record ListedEventRequest(@NotBlank @Size(max = 32) String store,
                          @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}",
                                  message = "must be 1-64 letters, digits, '.', ':', '_' or '-'") String eventCode,
                          @NotBlank @Size(max = 200) String title,
                          @Size(max = 4000) String description,
                          @NotNull Instant startsAt,
                          @NotNull Instant endsAt,
                          @NotNull @Min(1) @Max(100_000) Integer capacity,
                          @Min(1) @Max(20) Integer maxSeats,
                          @Size(max = 10) List<@NotBlank @Size(max = 64) String> tiers) {

    List<String> tiersOrEmpty() {
        return tiers == null ? List.of() : tiers;
    }
}

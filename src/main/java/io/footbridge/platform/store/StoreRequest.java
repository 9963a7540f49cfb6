package io.footbridge.platform.store;

import io.footbridge.platform.Country;
import io.footbridge.platform.CurrencyCode;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.OpeningHours;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.TimeZone;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

record StoreRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9_.-]{0,31}",
                message = "must be 1-32 letters, digits, '.', '_' or '-', starting with a letter or digit")
        String code,
        @NotBlank @Size(max = 200) String name,
        @Valid AddressRequest address,
        @NotNull @Country String country,
        @NotNull @TimeZone String timeZone,
        @NotNull @CurrencyCode String currency,
        @DecimalMin("-90") @DecimalMax("90") Double latitude,
        @DecimalMin("-180") @DecimalMax("180") Double longitude,
        @Size(max = 50) List<@Valid @NotNull OpeningHours> openingHours) {

    record AddressRequest(@Size(max = 200) String line1, @Size(max = 200) String line2,
                          @Size(max = 100) String city, @Size(max = 20) String postcode,
                          @Size(max = 100) String region) {
    }

    /** A position needs both coordinates. */
    void requireCompletePosition() {
        if ((latitude == null) != (longitude == null)) {
            throw ProblemException.invalid(latitude == null ? "latitude" : "longitude",
                    "latitude and longitude must be given together");
        }
    }

    /**
     * Each interval closes after it opens, and no two on a day overlap (touching is fine: 10:00-13:00 and 13:00-18:00).
     * Runs after bean validation, so every interval is well formed.
     */
    void requireSensibleHours() {
        if (openingHours == null) {
            return;
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < openingHours.size(); i++) {
            OpeningHours interval = openingHours.get(i);
            if (!interval.closesAt().isAfter(interval.opensAt())) {
                errors.add(new FieldError("openingHours[" + i + "].closes", "must be after opens; a night across"
                        + " midnight is two intervals, one on each day"));
                continue;
            }
            for (int j = 0; j < i; j++) {
                OpeningHours other = openingHours.get(j);
                if (other.weekday() == interval.weekday() && other.closesAt().isAfter(other.opensAt())
                        && interval.opensAt().isBefore(other.closesAt())
                        && other.opensAt().isBefore(interval.closesAt())) {
                    errors.add(new FieldError("openingHours[" + i + "]", "overlaps openingHours[" + j + "] ("
                            + other.day() + " " + other.opens() + "-" + other.closes() + ")"));
                    break;
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    /** The intervals by weekday and time, days as lower-case names; none when the request gave none. */
    List<OpeningHours> hoursInOrder() {
        if (openingHours == null) {
            return List.of();
        }
        return openingHours.stream().map(h -> new OpeningHours(h.weekday(), h.opensAt(), h.closesAt()))
                .sorted(Comparator.comparing(OpeningHours::weekday).thenComparing(OpeningHours::opens)).toList();
    }

    Store.Address addressOrEmpty() {
        return address == null ? new Store.Address(null, null, null, null, null)
                : new Store.Address(address.line1(), address.line2(), address.city(), address.postcode(),
                address.region());
    }
}

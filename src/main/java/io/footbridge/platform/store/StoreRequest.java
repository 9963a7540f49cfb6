package io.footbridge.platform.store;

import io.footbridge.platform.Country;
import io.footbridge.platform.CurrencyCode;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.TimeZone;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

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
        @DecimalMin("-180") @DecimalMax("180") Double longitude) {

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

    Store.Address addressOrEmpty() {
        return address == null ? new Store.Address(null, null, null, null, null)
                : new Store.Address(address.line1(), address.line2(), address.city(), address.postcode(),
                address.region());
    }
}

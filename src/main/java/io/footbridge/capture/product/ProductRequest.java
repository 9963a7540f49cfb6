package io.footbridge.capture.product;

import io.footbridge.platform.CurrencyCode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** A product as the catalogue API and the CSV import take it; the SKU comes from the path or the row. */
public record ProductRequest(@NotBlank @Size(max = 200) String name,
                             @Size(max = 100) String category,
                             @PositiveOrZero Long price,
                             @CurrencyCode String currency,
                             @Size(max = 2000) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
                             String url) {
}

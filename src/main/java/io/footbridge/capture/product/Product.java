package io.footbridge.capture.product;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/** An item of the catalogue; {@code price} is in minor units of {@code currency}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Product(String sku, String name, String category, Long price, String currency, String url,
                      Instant createdAt, Instant updatedAt, Instant archivedAt) {
}

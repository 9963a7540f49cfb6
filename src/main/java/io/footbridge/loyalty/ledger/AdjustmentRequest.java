package io.footbridge.loyalty.ledger;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Staff adding or taking points with a reason; {@code allowDebt} lets a tenant admin go below zero. */
record AdjustmentRequest(@NotNull @Min(-1_000_000_000) @Max(1_000_000_000) Long points,
                         @NotBlank @Size(max = 500) String reason,
                         Boolean allowDebt) {
}

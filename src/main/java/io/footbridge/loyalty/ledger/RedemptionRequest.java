package io.footbridge.loyalty.ledger;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * Points spent on a sale at the till: a number of points, or a reward of the catalogue (or both, agreeing), or an
 * {@code amount} of the sale (minor units of the programme's {@code currency}) paid with points at the programme's
 * fixed rate.
 */
record RedemptionRequest(@NotBlank @Size(max = 64) String loyaltyId,
                         @Positive @Max(1_000_000_000) Long points,
                         @Size(max = 64) String reward,
                         @NotBlank @Size(max = 32) String store,
                         @NotBlank @Size(max = 100) String transactionId,
                         @Positive @Max(1_000_000_000_000L) Long amount,
                         @Size(max = 3) String currency) {

    RedemptionRequest(String loyaltyId, Long points, String reward, String store, String transactionId) {
        this(loyaltyId, points, reward, store, transactionId, null, null);
    }
}

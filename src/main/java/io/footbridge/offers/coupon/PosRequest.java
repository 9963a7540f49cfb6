package io.footbridge.offers.coupon;

import io.footbridge.platform.CurrencyCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.UUID;

/**
 * What the till sends to validate or redeem a code. {@code store} is a store code; a key bound to one store may leave
 * it out. The basket is as rung up before the coupon; lines are needed only by offers on certain products.
 */
record PosRequest(@NotBlank @Size(max = 64) String code,
                  @Size(max = 32) String store,
                  @Size(max = 100) String transactionId,
                  @Size(max = 64) String register,
                  @NotNull @Valid Basket basket,
                  @Valid Customer customer) {

    record Basket(@NotNull @PositiveOrZero Long total,
                  @NotNull @CurrencyCode String currency,
                  @Size(max = 1000) List<@NotNull @Valid Line> lines) {

        List<Line> linesOrEmpty() {
            return lines == null ? List.of() : lines;
        }
    }

    /** @param discount already off this line at the till, so the line is worth quantity × unitPrice − discount */
    record Line(@NotBlank @Size(max = 64) String sku,
                @Size(max = 100) String category,
                @NotNull @Positive @Max(1_000_000) Integer quantity,
                @NotNull @PositiveOrZero Long unitPrice,
                @PositiveOrZero Long discount) {

        long amount() {
            return Math.max(0, quantity * unitPrice - (discount == null ? 0 : discount));
        }
    }

    /** Who is paying, when the till knows: needed by a generic code with a per-customer limit. */
    record Customer(UUID profileId, @Size(max = 254) String email, @Size(max = 64) String phone,
                    @Size(max = 64) String loyaltyId) {

        boolean isEmpty() {
            return profileId == null && email == null && phone == null && loyaltyId == null;
        }
    }
}

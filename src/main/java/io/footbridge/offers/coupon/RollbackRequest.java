package io.footbridge.offers.coupon;

import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.util.Locale;

/**
 * Undoes the redemptions of a sale that was refunded or voided: all of them, or the one of {@code code}.
 *
 * @param refundTransactionId the refund's or void's own transaction id at the till, kept for the record
 */
record RollbackRequest(@NotBlank @Size(max = 100) String transactionId,
                       @Size(max = 64) String code,
                       Reason reason,
                       @Size(max = 100) String refundTransactionId) {

    enum Reason {
        REFUND, VOID;

        @JsonValue
        String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}

package io.footbridge.capture.pos;

import com.fasterxml.jackson.annotation.JsonValue;
import io.footbridge.platform.CurrencyCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A sale, refund or void as the POS sends it. Amounts are minor units of {@code currency}. */
record TransactionRequest(
        @NotBlank @Size(max = 100) String transactionId,
        Kind type,
        @Size(max = 100) String originalTransactionId,
        @NotBlank @Size(max = 32) String store,
        @Size(max = 64) String touchpoint,
        @Size(max = 64) String register,
        @Size(max = 64) String staff,
        @NotNull Instant occurredAt,
        @NotNull @CurrencyCode String currency,
        @Size(max = 1000) List<@NotNull @Valid Line> lines,
        @PositiveOrZero Long discount,
        @PositiveOrZero Long tax,
        Boolean taxIncluded,
        @NotNull @PositiveOrZero Long total,
        @Size(max = 32) String paymentMethod,
        @Valid Customer customer,
        ReceiptPreference receipt,
        @Size(max = 20) List<@NotNull @Valid ConsentTick> consents) {

    enum Kind {
        SALE, REFUND, VOID;

        @JsonValue
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    enum ReceiptPreference {
        EMAIL, SMS, WHATSAPP, PRINT, NONE;

        @JsonValue
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    enum Channel {
        EMAIL, SMS, WHATSAPP, PUSH;

        @JsonValue
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** As the consent ledger knows them; {@code loyalty}: the club's own messages, asked apart from marketing. */
    enum Purpose {
        MARKETING, SERVICE, LOYALTY;

        @JsonValue
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** @param discount off this line, so the line is worth quantity × unitPrice − discount */
    record Line(@NotBlank @Size(max = 64) String sku,
                @Size(max = 200) String name,
                @Size(max = 100) String category,
                @NotNull @Positive @Max(1_000_000) Integer quantity,
                @NotNull @PositiveOrZero Long unitPrice,
                @PositiveOrZero Long discount) {

        long discountOrZero() {
            return discount == null ? 0 : discount;
        }
    }

    /** Whatever the customer gave at the till, kept raw for the identity module. */
    record Customer(@Size(max = 254) String email, @Size(max = 64) String phone, @Size(max = 64) String loyaltyId) {

        boolean isEmpty() {
            return email == null && phone == null && loyaltyId == null;
        }
    }

    /** A consent box ticked (or left unticked) at the till, with the wording shown. */
    record ConsentTick(@NotNull Channel channel, @NotNull Purpose purpose, @NotNull Boolean granted,
                       @Size(max = 64) String wordingVersion) {
    }

    Kind kindOrSale() {
        return type == null ? Kind.SALE : type;
    }

    List<Line> linesOrEmpty() {
        return lines == null ? List.of() : lines;
    }
}

package io.footbridge.offers.coupon;

import io.footbridge.platform.CurrencyCode;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.math.BigDecimal;
import java.util.List;

/**
 * An offer as the marketer describes it; the same body creates (POST) and replaces (PUT) one. Amounts are minor units
 * of {@code currency}. Empty {@code stores}, {@code skus} and {@code categories} mean no restriction of that kind;
 * empty {@code channels} means every channel.
 *
 * @param percent     for {@code percent}: 0.01 to 100, up to two decimals
 * @param amount      for {@code amount}: off the eligible part of the basket, never more than it
 * @param maxDiscount the most a percent or free-item coupon may take off
 * @param freeSku     for {@code free_item}: the product given free (else the cheapest eligible line's)
 * @param validDays   each coupon's own life from its issue, within the offer's window
 * @param genericCode one code for everyone (such as SPRING25) instead of a code per customer
 * @param tiers       loyalty tiers the offer is kept for (their members only); empty for everyone
 */
record OfferRequest(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 2000) String description,
        @Size(max = 4000) String terms,
        @NotNull OfferType type,
        @DecimalMin("0.01") @DecimalMax("100") @Digits(integer = 3, fraction = 2) BigDecimal percent,
        @Positive Long amount,
        @Positive Long maxDiscount,
        @Size(min = 1, max = 64) String freeSku,
        @NotNull @CurrencyCode String currency,
        @PositiveOrZero Long minBasket,
        @NotBlank @Size(max = 40) String validFrom,
        @NotBlank @Size(max = 40) String validUntil,
        @Positive @Max(3650) Integer validDays,
        @Positive @Max(1000) Integer perCustomerLimit,
        @Positive Long maxRedemptions,
        @Positive Long budget,
        @Size(max = 1000) List<@NotBlank @Size(max = 32) String> stores,
        @Size(max = 10000) List<@NotBlank @Size(max = 64) String> skus,
        @Size(max = 1000) List<@NotBlank @Size(max = 100) String> categories,
        @Size(max = 20) List<@NotBlank @Size(max = 16) String> channels,
        @Size(max = 8) String codePrefix,
        @Min(CouponCodes.MIN_LENGTH) @Max(CouponCodes.MAX_LENGTH) Integer codeLength,
        @Size(min = 4, max = 32) String genericCode,
        @Size(max = 10) List<@NotBlank @Size(max = 64) String> tiers) {

    static final int DEFAULT_CODE_LENGTH = 8;

    List<String> storesOrEmpty() {
        return stores == null ? List.of() : stores;
    }

    List<String> skusOrEmpty() {
        return skus == null ? List.of() : skus;
    }

    List<String> categoriesOrEmpty() {
        return categories == null ? List.of() : categories;
    }

    List<String> channelsOrEmpty() {
        return channels == null ? List.of() : channels;
    }

    List<String> tiersOrEmpty() {
        return tiers == null ? List.of() : tiers;
    }
}

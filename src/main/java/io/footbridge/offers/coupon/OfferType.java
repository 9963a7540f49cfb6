package io.footbridge.offers.coupon;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What a coupon gives: a percentage off, an amount off, or one item free. */
enum OfferType {
    PERCENT, AMOUNT, FREE_ITEM;

    @JsonValue
    String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static OfferType of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}

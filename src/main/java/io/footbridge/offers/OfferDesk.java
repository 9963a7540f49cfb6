package io.footbridge.offers;

import io.footbridge.platform.Actor;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * Runs offers from code as the marketer and the till do through the API: creates an offer and redeems a code at
 * the till, with the API's checks. For in-process writers such as the demo chain.
 */
public interface OfferDesk {

    /**
     * An offer as {@code POST /api/v1/offers} takes it: a {@code percent} off (or an {@code amount} in minor units
     * of {@code currency}) on baskets of at least {@code minBasket}, valid from and until the ISO dates given.
     */
    record NewOffer(String name, String description, BigDecimal percent, Long amount, String currency,
                    long minBasket, String validFrom, String validUntil, List<String> stores) {
    }

    UUID create(Actor marketer, NewOffer offer);

    /**
     * Redeems a code at the till as {@code POST /api/v1/redemptions} does (now, once); answers the discount, or
     * throws the same problem the till would get.
     */
    long redeem(Actor till, String code, String store, String transactionId, long basketTotal, String currency);
}

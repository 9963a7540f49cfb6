package io.footbridge.offers;

import io.footbridge.platform.Actor;

import java.math.BigDecimal;
import java.time.Instant;
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
     * Issues a coupon to a customer as {@link Offers#issue(UUID, UUID, UUID, String, String)} does, as if at
     * {@code at}: its issue time and expiry follow from that moment.
     */
    IssuedCoupon issue(UUID tenantId, UUID offerId, UUID profileId, String channel, String idempotencyKey,
                       Instant at);

    /**
     * Redeems a code at the till as {@code POST /api/v1/redemptions} does (once), as if at {@code at} (null: now):
     * the offer's dates and the code's expiry are checked for that moment. Answers the discount, or throws the same
     * problem the till would get.
     */
    long redeem(Actor till, String code, String store, String transactionId, long basketTotal, String currency,
                Instant at);
}

package io.footbridge.offers;

import io.footbridge.platform.Actor;

import java.time.Instant;
import java.util.UUID;

/**
 * Coupons at the till for staff pages (the console's till page), with the same checks, guessing limits and
 * once-only redemption as the POS API. Problems come as {@link io.footbridge.platform.ProblemException}s naming the
 * field ({@code code}, {@code store}, {@code total}).
 */
public interface TillCoupons {

    /** The basket as rung up before the coupon, in minor units of the store's currency. */
    record Basket(String storeCode, long total, String currency) {
    }

    /** Whether the code can be used for the basket now; when not, the reason (a problem type) and its detail. */
    record Check(boolean valid, String reason, String detail, String displayCode, String offerName,
                 String description, Long discount, String currency, Long totalAfterDiscount) {
    }

    /** A redemption; {@code replay} when the same sale had redeemed the code before and this is its first answer. */
    record Redeemed(UUID redemptionId, String transactionId, String displayCode, String offerName,
                    String description, long discount, String currency, long totalAfterDiscount,
                    Instant redeemedAt, boolean replay) {
    }

    Check validate(Actor actor, String code, Basket basket);

    /** Redeems the code for the sale {@code transactionId}; a retry of the same sale answers the first result. */
    Redeemed redeem(Actor actor, String code, Basket basket, String transactionId);
}

package io.footbridge.offers;

import java.util.UUID;

/** A coupon was redeemed at the till (profileId: its holder, if known). Ids only: it travels through the outbox. */
public record CouponRedeemed(UUID tenantId, UUID offerId, UUID couponId, UUID profileId, UUID storeId,
                             String transactionId) {
}

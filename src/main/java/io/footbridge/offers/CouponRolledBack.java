package io.footbridge.offers;

import java.util.UUID;

/** A redemption was undone by a refund or void of its sale; the coupon can be used again. */
public record CouponRolledBack(UUID tenantId, UUID offerId, UUID couponId, UUID profileId, UUID storeId,
                               String transactionId) {
}

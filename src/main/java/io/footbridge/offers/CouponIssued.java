package io.footbridge.offers;

import java.util.UUID;

/** A coupon went to a customer (profileId null for an unassigned code). Ids only: it travels through the outbox. */
public record CouponIssued(UUID tenantId, UUID offerId, UUID couponId, UUID profileId, String channel) {
}

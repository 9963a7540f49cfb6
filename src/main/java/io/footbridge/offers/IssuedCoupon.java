package io.footbridge.offers;

import java.time.Instant;
import java.util.UUID;

/**
 * A coupon as a customer gets it. {@code code} is what the till takes (normalised), {@code displayCode} the same
 * grouped for reading aloud. {@code validUntil} is the offer's end as the marketer set it (a local date means that
 * day in the store's zone); {@code expiresAt} the last moment any store can accept it. The image URLs are public,
 * for messages and wallets; {@code pageUrl} is the customer's own page showing all of it.
 *
 * @param created false when an idempotency key answered a coupon issued before
 */
public record IssuedCoupon(UUID couponId, UUID offerId, String code, String displayCode, String offerName,
                           String discount, String status, String validUntil, Instant expiresAt, String pageUrl,
                           String qrPngUrl, String qrSvgUrl, String barcodePngUrl, Instant issuedAt,
                           boolean created) {
}

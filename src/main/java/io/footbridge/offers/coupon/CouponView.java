package io.footbridge.offers.coupon;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A code as staff see it. {@code status} is active, redeemed, expired or revoked as of now; {@code issues} counts how
 * often a generic code was handed out. The image URLs are public, like the customer's page.
 */
record CouponView(UUID id, UUID offerId, String offerName, String code, String displayCode, String status,
                  UUID profileId, String channel, String touchpoint, UUID batchId, Instant issuedAt,
                  Instant expiresAt, Instant redeemedAt, long views, Long issues, String pageUrl, String qrPngUrl,
                  String qrSvgUrl, String barcodePngUrl, List<RedemptionView> redemptions) {

    record RedemptionView(String transactionId, String store, long basketTotal, String currency, long discount,
                          String freeSku, Instant redeemedAt, Instant rolledBackAt, String rollbackReason) {
    }
}

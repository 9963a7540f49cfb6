package io.footbridge.offers.coupon;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An offer as the API shows it. {@code startsBy}/{@code endsBy} are the first and last moments any store may accept
 * it (they differ from validFrom/validUntil when those are local times); {@code status} is {@code scheduled},
 * {@code active}, {@code ended} or {@code archived} as of now. {@code tiers}: the loyalty tiers it is kept for, empty
 * for everyone.
 */
record Offer(UUID id, String name, String description, String terms, OfferType type, BigDecimal percent, Long amount,
             Long maxDiscount, String freeSku, String currency, long minBasket, String validFrom, String validUntil,
             Instant startsBy, Instant endsBy, Integer validDays, Integer perCustomerLimit, Long maxRedemptions,
             Long budget, List<String> stores, List<String> skus, List<String> categories, List<String> channels,
             String codePrefix, int codeLength, String genericCode, List<String> tiers, String discount,
             String status, Instant createdAt, Instant updatedAt, Instant archivedAt) {
}

package io.footbridge.offers;

import io.footbridge.platform.Actor;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The marketer's offers for the console: list, read, create, change and archive them with the same rules, checks
 * and audit as {@code /api/v1/offers}, generate codes for print as CSV, and what each offer converts. Problems come
 * as {@link io.footbridge.platform.ProblemException}s naming the field, as the API's do.
 */
public interface OfferCatalog {

    /** What an offer may give. */
    List<String> TYPES = List.of("percent", "amount", "free_item");
    /** The statuses an offer passes through, as the list filters them. */
    List<String> STATUSES = List.of("active", "scheduled", "ended", "archived");

    /**
     * An offer's rules as the marketer gives them; money in minor units of {@code currency}. Empty lists mean no
     * restriction of that kind (every store, product, channel, customer); {@code tiers} keeps the offer for members
     * of those loyalty tiers.
     */
    record Rules(String name, String description, String terms, String type, BigDecimal percent, Long amount,
                 Long maxDiscount, String freeSku, String currency, Long minBasket, String validFrom,
                 String validUntil, Integer validDays, Integer perCustomerLimit, Long maxRedemptions, Long budget,
                 List<String> stores, List<String> skus, List<String> categories, List<String> channels,
                 String codePrefix, Integer codeLength, String genericCode, List<String> tiers) {

        public Rules {
            tiers = tiers == null ? List.of() : tiers;
        }
    }

    /**
     * An offer as it stands.
     *
     * @param status   scheduled, active, ended or archived, as of now
     * @param discount what it gives, in words ("15 %", "5.00 EUR off", "free item")
     */
    record Offer(UUID id, String status, String discount, Instant startsBy, Instant endsBy, Instant createdAt,
                 Rules rules) {
    }

    /** What an offer converts; money in minor units of {@code currency}, rolled-back redemptions left out. */
    record Stats(String currency, long issued, long viewed, long redeemed, double redemptionRate, long revenue,
                 long discountGiven, Double medianDaysToRedeem, long rolledBack, List<StoreStats> byStore) {
    }

    record StoreStats(String store, long redeemed, long revenue, long discountGiven) {
    }

    /** Newest first; {@code status} null for all. */
    List<Offer> list(Actor actor, String status, int limit, int offset);

    Offer get(Actor actor, UUID offerId);

    Offer create(Actor actor, Rules rules);

    /** Replaces the rules; type, currency and code format stay as the codes out there carry them. */
    Offer change(Actor actor, UUID offerId, Rules rules);

    /** Nothing more is issued and the codes stop working; the figures stay. */
    void archive(Actor actor, UUID offerId);

    Stats stats(Actor actor, UUID offerId);

    /**
     * Generates {@code count} unassigned single-use codes and writes them as CSV (code, display code, page and image
     * addresses) while they are stored, chunk by chunk. Checks everything before the first byte is written.
     *
     * @return how many were generated
     */
    int generateCsv(Actor actor, UUID offerId, int count, OutputStream out);
}

package io.footbridge.offers;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues coupons for other modules: a receipt's call to action, a survey's thank-you, a journey's step. Problems
 * come as {@link io.footbridge.platform.ProblemException}s with the types listed in docs/errors.md
 * ({@code not-found}, {@code offer-archived}, {@code offer-ended}, {@code channel-not-allowed},
 * {@code per-customer-limit}, {@code offer-tier-only}, {@code validation}).
 */
public interface Offers {

    /** The channels a coupon may be issued through; an offer may allow a subset. */
    List<String> CHANNELS = List.of("receipt", "survey", "journey", "api", "email", "sms", "whatsapp", "wifi",
            "web", "print", "staff");

    /**
     * Issues a coupon of the offer: a new single-use code, or the offer's generic code.
     *
     * @param profileId      the customer it is for, or null for a code handed out to nobody in particular; a
     *                       merged-away profile counts as the person it was merged into
     * @param channel        how it reaches the customer, one of {@link #CHANNELS}
     * @param idempotencyKey the caller's key for this issue (a journey step and person, a receipt id); the same key
     *                       answers the same coupon. Null issues a new one every time.
     */
    IssuedCoupon issue(UUID tenantId, UUID offerId, UUID profileId, String channel, String idempotencyKey);

    /** As {@link #issue(UUID, UUID, UUID, String, String)}, naming the touchpoint (a survey, a journey) for stats. */
    IssuedCoupon issue(UUID tenantId, UUID offerId, UUID profileId, String channel, String touchpoint,
                       String idempotencyKey);

    Optional<OfferSummary> find(UUID tenantId, UUID offerId);

    /** What taking a coupon back did: it can no longer be used, it had been used, or it is a code everyone shares. */
    enum Withdrawal { WITHDRAWN, USED, SHARED }

    /**
     * Takes back a coupon issued for something now undone (a loyalty reward whose sale was refunded): an unused
     * single-use code is revoked (a revoked or unknown one counts as withdrawn); a used one and a generic code stay
     * as they are. Runs in the caller's transaction.
     */
    Withdrawal withdraw(UUID tenantId, UUID couponId);

    /** The person's coupons, newest first: their wallet. */
    List<IssuedCoupon> coupons(UUID tenantId, UUID profileId);

    /** Offers running now that are kept for members of {@code tier} (exclusive offers), newest first. */
    List<OfferSummary> forTier(UUID tenantId, String tier);
}

/**
 * Offers: coupon campaigns, their codes, issuing them to customers, and validating, redeeming and rolling them back
 * at the till. Other modules issue coupons through {@link io.footbridge.offers.Offers} and hear about redemptions
 * through {@link io.footbridge.offers.CouponRedeemed} and {@link io.footbridge.offers.CouponRolledBack}. An offer kept
 * for loyalty tiers asks which tier a person holds through {@link io.footbridge.offers.OfferTiers}, which the loyalty
 * module provides (offers does not depend on loyalty). Everything else is internal.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Offers",
        allowedDependencies = {"platform", "capture", "identity", "bench"})
package io.footbridge.offers;

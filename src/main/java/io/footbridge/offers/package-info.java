/**
 * Offers: coupon campaigns, their codes, issuing them to customers, and validating, redeeming and rolling them back
 * at the till. Other modules issue coupons through {@link io.footbridge.offers.Offers} and hear about redemptions
 * through {@link io.footbridge.offers.CouponRedeemed} and {@link io.footbridge.offers.CouponRolledBack}; everything
 * else is internal.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Offers",
        allowedDependencies = {"platform", "capture", "identity", "bench"})
package io.footbridge.offers;

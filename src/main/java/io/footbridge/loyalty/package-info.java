/**
 * Loyalty: a points programme per tenant (earn rates, multipliers, action bonuses, daily caps, tiers, rewards), a
 * ledger of every change to a member's points, and the till's API to look a member up and spend points. It follows
 * the capture log for sales, refunds, voids and the actions that earn a bonus; nothing calls into it but the
 * console, through {@link io.footbridge.loyalty.LoyaltyMembers} and {@link io.footbridge.loyalty.LoyaltyWallets}
 * (wallet cards and the brand's wallet issuers), and segments, which read members' tiers through
 * {@link io.footbridge.loyalty.LoyaltyTiers} (offers and hosted event pages through their own
 * {@code OfferTiers} and {@code EventTiers}, which loyalty provides), and journeys, which give and take points through
 * {@link io.footbridge.loyalty.LoyaltyPoints}. The member page ({@code /club/…}) reads the person's coupons,
 * receipts, upcoming event registrations (hosted's {@code registrations} interface) and preference centre link
 * through those modules' public APIs and sends its sign-in codes through
 * messaging. Everything else is internal.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Loyalty",
        allowedDependencies = {"platform", "capture", "consent", "identity", "messaging", "offers", "receipts",
                "bench", "hosted::registrations"})
package io.footbridge.loyalty;

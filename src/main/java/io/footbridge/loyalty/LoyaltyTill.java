package io.footbridge.loyalty;

import io.footbridge.platform.Actor;

/** The till's spend of points, for in-process writers (the demo) that act as a till does through the API. */
public interface LoyaltyTill {

    /**
     * Spends {@code points} of a member on the sale {@code transactionId} in {@code store}; the member's available
     * points after it. Once per transaction id; a 409 problem when the member has too few.
     */
    long redeem(Actor actor, String loyaltyId, long points, String store, String transactionId);
}

package io.footbridge.loyalty;

import io.footbridge.platform.Actor;

import java.util.Optional;

/** A member's wallet cards, for the console's member page and the till. */
public interface LoyaltyWallets {

    /** The member's Apple Wallet store card (.pkpass bytes), signed with the tenant's certificate when it has one. */
    byte[] applePass(Actor actor, String loyaltyId);

    /** The member's "Save to Google Wallet" link; empty when the tenant has not configured a Google issuer. */
    Optional<String> googleSaveUrl(Actor actor, String loyaltyId);

    /** Whether the tenant's Apple passes are signed with its own certificate (else they will not install). */
    boolean appleConfigured(Actor actor);
}

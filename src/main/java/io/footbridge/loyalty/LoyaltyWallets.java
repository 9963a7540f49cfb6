package io.footbridge.loyalty;

import io.footbridge.platform.Actor;

import java.time.Instant;
import java.util.Optional;

/** A member's wallet cards, for the console's member page and the till. */
public interface LoyaltyWallets {

    /** The member's Apple Wallet store card (.pkpass bytes), signed with the tenant's certificate when it has one. */
    byte[] applePass(Actor actor, String loyaltyId);

    /** The member's "Save to Google Wallet" link; empty when the tenant has not configured a Google issuer. */
    Optional<String> googleSaveUrl(Actor actor, String loyaltyId);

    /**
     * A link that opens the member's own page (card, points, rewards, coupons, receipts) without a sign-in until it
     * expires, for staff to hand over.
     */
    String memberPageUrl(Actor actor, String loyaltyId);

    /** Whether the tenant's Apple passes are signed with its own certificate (else they will not install). */
    boolean appleConfigured(Actor actor);

    /** The tenant's own issuers, without their keys; null fields where none is set. */
    record Issuers(String googleIssuerId, String googleServiceAccount, Instant googleUpdatedAt,
                   String applePassTypeId, String appleTeamId, String appleCertificateSubject,
                   Instant appleCertificateExpires, Instant appleUpdatedAt) {
    }

    Issuers issuers(Actor actor);

    /** Sets the Google issuer; a {@link io.footbridge.platform.ProblemException} naming the field when wrong. */
    void setGoogle(Actor actor, String issuerId, String serviceAccountEmail, String privateKeyPem);

    /** Sets the Apple Pass Type ID certificate from a PKCS#12 file (base64) and its password. */
    void setApple(Actor actor, String passTypeId, String teamId, String pkcs12Base64, String password);

    /** Forgets the tenant's {@code google} or {@code apple} issuer. */
    void remove(Actor actor, String wallet);
}

package io.footbridge.messaging;

import java.util.Map;
import java.util.UUID;

/**
 * Browsers that take web push messages for a person: the member page subscribes with what the browser's
 * {@code PushManager} gave it, and from then on the person can be reached on the {@code push} channel. Subscribing
 * records the person's push marketing consent in the ledger; when their last subscription goes, so does the consent.
 */
public interface PushSubscriptions {

    /** The key the browser's {@code PushManager.subscribe} needs: the VAPID public key, uncompressed, base64url. */
    String applicationServerKey();

    /**
     * A subscription as the browser's {@code PushSubscription.toJSON()} gives it.
     *
     * @param p256dh the browser's P-256 public key, base64url
     * @param auth   the browser's 16-byte authentication secret, base64url
     */
    record Subscription(String endpoint, String p256dh, String auth) {
    }

    /** @param id the subscription's address on the push channel */
    record Subscribed(UUID id, boolean created) {
    }

    /**
     * Keeps the subscription for the person (the same endpoint again answers the first one, moved to this person) and
     * records the consent with {@code evidence} (ip, userAgent) as proof. Throws
     * {@link io.footbridge.platform.ProblemException} naming the field ({@code endpoint}, {@code keys.p256dh},
     * {@code keys.auth}) when the subscription is malformed or its push service is an address Footbridge never calls.
     *
     * @param source where the person turned notifications on, for the ledger (member_page)
     */
    Subscribed subscribe(UUID tenantId, UUID profileId, Subscription subscription, String source,
                         Map<String, String> evidence);

    /** Forgets the person's subscription of this endpoint; false when there was none. */
    boolean unsubscribe(UUID tenantId, UUID profileId, String endpoint, String source, Map<String, String> evidence);

    /** How many browsers take push messages for the person. */
    int count(UUID tenantId, UUID profileId);
}

package io.footbridge.receipts;

import io.footbridge.platform.Actor;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs receipts from code as the marketer and the customer do through the API and the receipt page: a "shop
 * online" call to action set up, a receipt opened, a call to action followed, each counted as the page counts it
 * but at the moment given. For in-process writers such as the demo chain, whose customers read their receipts in
 * its past.
 */
public interface ReceiptDesk {

    /** A receipt made for a sale, by the sale's time. */
    record Made(UUID id, Instant occurredAt) {
    }

    /** Turns on the tenant's "shop similar online" call to action, as {@code PUT /api/v1/receipts/settings} does. */
    void linkShop(Actor admin, String url);

    /** The tenant's receipts for sales from {@code from} on, newest first, at most {@code limit}. */
    List<Made> made(UUID tenantId, Instant from, int limit);

    /** The customer opens the receipt's page at {@code at}, as {@code /r/{token}} counts a person's visit. */
    void open(UUID tenantId, UUID receiptId, Instant at);

    /**
     * The customer follows a link call to action ({@code shop} or {@code club}) at {@code at}, as
     * {@code /r/{token}/go/{cta}} counts it; answers where it leads, or empty when the receipt does not offer it.
     */
    Optional<String> follow(UUID tenantId, UUID receiptId, String cta, Instant at);
}

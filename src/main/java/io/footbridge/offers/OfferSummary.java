package io.footbridge.offers;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An offer as other modules need it: what it gives, when, through which channels, whether it still runs, and the
 * loyalty tiers it is kept for (empty: for everyone).
 */
public record OfferSummary(UUID id, String name, String type, String discount, String currency, String validFrom,
                           String validUntil, Instant endsBy, List<String> channels, boolean generic,
                           boolean archived, List<String> tiers) {

    /** Still possible to issue and redeem somewhere. */
    public boolean active(Instant now) {
        return !archived && now.isBefore(endsBy);
    }
}

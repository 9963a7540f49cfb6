package io.footbridge.offers;

import io.footbridge.platform.Tally;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Coupons redeemed at the till, for figures such as the console's home page. */
public interface RedemptionFigures {

    /**
     * Redemptions in [from, to) in these stores (null: every store) that were not rolled back, keyed by the basket's
     * currency; the amount is the discount given.
     */
    List<Tally> redemptions(UUID tenantId, Collection<UUID> storeIds, Instant from, Instant to);
}

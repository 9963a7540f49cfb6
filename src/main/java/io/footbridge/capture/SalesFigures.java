package io.footbridge.capture;

import io.footbridge.platform.Tally;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Sales, refunds and voids counted for figures such as the console's home page. */
public interface SalesFigures {

    /**
     * POS transactions that occurred in [from, to) in these stores (null: every store), per store and quarter hour.
     * The key is {@code kind:currency:customer}: kind {@code sale}, {@code refund} or {@code void};
     * customer {@code known} when the till named the customer (email, phone or loyalty number), else
     * {@code anonymous}. The amount is the transactions' totals.
     */
    List<Tally> transactions(UUID tenantId, Collection<UUID> storeIds, Instant from, Instant to);
}

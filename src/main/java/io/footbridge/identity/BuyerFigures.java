package io.footbridge.identity;

import io.footbridge.platform.Tally;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Known people who bought in a period, for figures such as the console's home page. */
public interface BuyerFigures {

    /**
     * People with a sale in [from, to) in these stores (null: every store), each counted once, at their first sale
     * of the window: key {@code new} when nothing of them was seen before {@code from}, else {@code returning}.
     */
    List<Tally> buyers(UUID tenantId, Collection<UUID> storeIds, Instant from, Instant to);
}

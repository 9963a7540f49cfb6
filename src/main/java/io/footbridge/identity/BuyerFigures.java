package io.footbridge.identity;

import io.footbridge.platform.Tally;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Known people who bought in a period, for figures such as the console's home page. */
public interface BuyerFigures {

    /**
     * People with a sale in [from, to) in these stores (null: every store), each counted once, at their first sale
     * of the window: key {@code new} when nothing of them was seen before {@code from}, else {@code returning}.
     */
    List<Tally> buyers(UUID tenantId, Collection<UUID> storeIds, Instant from, Instant to);

    /**
     * The person (root profile id) each of these captured events belongs to now, after merges and splits; events not
     * (yet) resolved to anyone, or whose person was erased, are left out.
     */
    Map<Long, UUID> people(UUID tenantId, Collection<Long> sequences);
}

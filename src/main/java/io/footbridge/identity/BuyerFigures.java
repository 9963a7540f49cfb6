package io.footbridge.identity;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Whose captured events are, for modules that count people from the capture log (analytics' rollup, segments,
 * journeys). Tallies of buyers per store and quarter are analytics' now, from its per-person rollup.
 */
public interface BuyerFigures {

    /**
     * The person (root profile id) each of these captured events belongs to now, after merges and splits; events not
     * (yet) resolved to anyone, or whose person was erased, are left out.
     */
    Map<Long, UUID> people(UUID tenantId, Collection<Long> sequences);
}

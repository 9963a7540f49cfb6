package io.footbridge.offers;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The loyalty tiers an offer may be kept for, and the tier a person holds. The loyalty module provides it: loyalty
 * uses offers (rewards issue coupons), so offers asks through this interface of its own instead of reading loyalty,
 * which would make the two modules depend on each other.
 */
public interface OfferTiers {

    /** The tiers of the tenant's programme, lowest first; empty without a programme or without tiers. */
    List<String> names(UUID tenantId);

    /** The tier the person holds now (with two cards, the higher one); empty for a person who holds none. */
    Optional<String> tierOf(UUID tenantId, UUID profileId);
}

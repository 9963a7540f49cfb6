package io.footbridge.platform;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Looks stores up for other modules; integrations name a store by its code. */
public interface Stores {

    Optional<StoreRef> findByCode(UUID tenantId, String code);

    Optional<StoreRef> findById(UUID tenantId, UUID id);

    /** The store's opening hours by weekday and time; empty when none are set or the store is not the tenant's. */
    List<OpeningHours> openingHours(UUID tenantId, UUID storeId);

    /** The open stores this caller works in (all of the tenant's for tenant-wide callers), by code, at most {@code limit}. */
    List<StoreRef> workingIn(Actor actor, int limit);

    /** The store a request names in its field {@code store}, or a 400 naming that field. */
    default StoreRef requireByCode(UUID tenantId, String code) {
        return findByCode(tenantId, code)
                .orElseThrow(() -> ProblemException.invalid("store", "is not a store of this tenant"));
    }

    /**
     * The stores a listing for this caller covers: the one {@code code} names (a 400 when it is not the tenant's, a
     * 403 when the caller does not work there), else the caller's own, or null for all of the tenant's.
     */
    default Set<UUID> scope(Actor actor, String code) {
        if (code != null) {
            StoreRef store = requireByCode(actor.tenantId(), code);
            actor.requireStore(store.id());
            return Set.of(store.id());
        }
        return actor.allStores() ? null : actor.storeIds();
    }
}

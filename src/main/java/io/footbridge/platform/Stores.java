package io.footbridge.platform;

import java.util.Optional;
import java.util.UUID;

/** Looks stores up for other modules; integrations name a store by its code. */
public interface Stores {

    Optional<StoreRef> findByCode(UUID tenantId, String code);

    Optional<StoreRef> findById(UUID tenantId, UUID id);
}

package io.footbridge.platform;

import java.time.ZoneId;
import java.util.UUID;

/** What other modules need to know about a store: how to name it, where it is, its clock and its money. */
public record StoreRef(UUID id, UUID tenantId, String code, String name, String country, ZoneId timeZone,
                       String currency, boolean archived) {
}

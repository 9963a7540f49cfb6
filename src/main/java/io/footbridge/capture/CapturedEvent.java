package io.footbridge.capture;

import java.time.Instant;
import java.util.UUID;

/** One captured interaction as kept in the log; identifiers and properties are JSON, exactly as received. */
public record CapturedEvent(long sequence, UUID tenantId, String eventId, String type, Instant occurredAt,
                            Instant receivedAt, UUID storeId, UUID touchpointId, String source,
                            String identifiersJson, String propertiesJson) {
}

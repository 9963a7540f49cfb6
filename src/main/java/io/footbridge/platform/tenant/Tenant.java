package io.footbridge.platform.tenant;

import java.time.Instant;
import java.util.UUID;

/** A brand: the owner of stores, staff, customers and everything else. */
record Tenant(UUID id, String name, Instant createdAt, Instant updatedAt) {
}

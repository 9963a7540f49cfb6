package io.footbridge.analytics;

import java.time.LocalDate;
import java.util.UUID;

/** A tenant's per-person lifetime values ({@link PersonLifetimes}) were fitted again on purchases up to a day. */
public record PersonLifetimesRefreshed(UUID tenantId, LocalDate through) {
}

package io.footbridge.capture.portal;

import java.time.Instant;
import java.util.UUID;

/** An access point or gateway whose guests meet the portal; its secret is never shown. */
record AccessPoint(UUID id, WifiVendor vendor, String node, String store, String touchpoint, String label,
                   boolean hasSecret, Instant createdAt) {
}

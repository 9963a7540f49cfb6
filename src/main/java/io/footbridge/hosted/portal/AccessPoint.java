package io.footbridge.hosted.portal;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.UUID;

/**
 * An access point or gateway whose guests meet the portal; its faskey is never shown.
 *
 * @param portalUrl where its controller sends guests, with the secret that binds it to this tenant: in the answer
 *                  that registers it and from {@code …/portal-url} only, never in lists
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AccessPoint(UUID id, WifiVendor vendor, String node, String store, String touchpoint, String label,
                   boolean hasSecret, String gatewayAddress, Instant createdAt, String portalUrl) {
}

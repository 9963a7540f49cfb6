package io.footbridge.capture.portal;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * @param node   the access point's MAC (Meraki, UniFi) or the gateway's name (openNDS)
 * @param secret the openNDS {@code faskey}; not used by the others
 */
record AccessPointRequest(@NotNull WifiVendor vendor,
                          @NotBlank @Size(max = 64) String node,
                          @NotBlank @Size(max = 32) String store,
                          @NotBlank @Size(max = 200) String label,
                          @Size(min = 8, max = 200) String secret) {
}

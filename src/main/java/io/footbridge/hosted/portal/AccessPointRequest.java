package io.footbridge.hosted.portal;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.UUID;

/**
 * @param node           the access point's MAC (Meraki, UniFi) or the gateway's name (openNDS)
 * @param secret         the openNDS {@code faskey}; not used by the others
 * @param gatewayAddress openNDS: the gateway's address and port as it sends them ({@code 192.168.8.1:2050}); needed
 *                       when the gateway sends its parameters unencrypted ({@code fas_secure_enabled=1})
 * @param samePortalAs   Meraki, UniFi: an access point of this tenant whose portal URL this one shares (one splash
 *                       URL per Meraki network, one portal host per UniFi site); without it, a new portal URL
 */
record AccessPointRequest(@NotNull WifiVendor vendor,
                          @NotBlank @Size(max = 64) String node,
                          @NotBlank @Size(max = 32) String store,
                          @NotBlank @Size(max = 200) String label,
                          @Size(min = 8, max = 200) String secret,
                          @Size(max = 260) String gatewayAddress,
                          UUID samePortalAs) {
}

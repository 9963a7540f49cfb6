package io.footbridge.hosted.placement;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * @param destination an absolute http(s) URL, or {@code product:SKU} for the online page of a catalogue product
 * @param campaign    {@code utm_campaign} for the destination; none when absent
 * @param addUtm      whether UTM parameters are added to the destination (default yes)
 */
record PlacementRequest(@Size(max = 32) String store,
                        @NotNull PlacementKind kind,
                        @NotBlank @Size(max = 200) String label,
                        @NotBlank @Size(max = 2000) String destination,
                        @Size(max = 100) String campaign,
                        Boolean addUtm) {
}

package io.footbridge.hosted.placement;

import jakarta.validation.constraints.Size;

/** A PATCH: only what is given changes. The code, store and kind stay: they are printed. */
record PlacementChange(@Size(min = 1, max = 2000) String destination,
                       @Size(min = 1, max = 200) String label,
                       @Size(max = 100) String campaign,
                       Boolean addUtm) {
}

package io.footbridge.hosted.portal;

import java.time.Instant;

/** One version of the portal's wording, exactly as guests saw it; {@code club} the club messages' tick (or null). */
record Wording(int version, String terms, String marketingEmail, String marketingSms, Instant createdAt,
               String createdBy, String club) {
}

package io.footbridge.hosted.tracker;

import java.time.Instant;
import java.util.UUID;

/** A web site carrying the snippet: {@code snippet} is what to paste before {@code </head>}. */
record WebSite(UUID id, String domain, String label, String siteKey, String touchpoint, String snippet,
               Instant createdAt) {
}

package io.footbridge.platform.apikey;

import io.footbridge.platform.Scope;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An integration's key as listed: the secret itself is never shown again after creation or rotation. */
public record ApiKey(UUID id, String name, String prefix, List<Scope> scopes, String storeCode, Status status,
                     Instant createdAt, Instant rotatedAt, Instant lastUsedAt, Instant revokedAt) {

    public enum Status {
        ACTIVE, REVOKED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String value() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}

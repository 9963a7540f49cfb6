package io.footbridge.platform.apikey;

import io.footbridge.platform.Scope;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The answer to creating or rotating a key: the only time the secret is shown. */
public record IssuedApiKey(UUID id, String name, String prefix, List<Scope> scopes, String storeCode, Instant createdAt,
                    String secret) {

    static IssuedApiKey of(ApiKey key, String secret) {
        return new IssuedApiKey(key.id(), key.name(), key.prefix(), key.scopes(), key.storeCode(), key.createdAt(),
                secret);
    }
}

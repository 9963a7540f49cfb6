package io.footbridge.platform.apikey;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Scope;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** API keys for integrations: issued, listed, rotated and revoked by tenant admins, checked on every request. */
@Service
public class ApiKeyService {

    private final ApiKeyRepository repository;
    private final Stores stores;
    private final AuditLog audit;
    private final CredentialsCache credentials;
    /** Keys whose last use was written recently: last_used_at is kept to the minute, not rewritten per call. */
    private final Cache<UUID, Boolean> recentlyTouched = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(1)).maximumSize(100_000).build();

    ApiKeyService(ApiKeyRepository repository, Stores stores, AuditLog audit, CredentialsCache credentials) {
        this.repository = repository;
        this.credentials = credentials;
        this.stores = stores;
        this.audit = audit;
    }

    public Optional<Actor> authenticate(String presented) {
        Optional<ApiKeySecret> secret = ApiKeySecret.parse(presented);
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        Optional<ApiKeyRepository.Credentials> found = credentials.find(secret.get().lookupId(),
                () -> repository.findCredentials(secret.get().lookupId()));
        if (found.isEmpty() || found.get().revoked() || !secret.get().matches(found.get().secretHash())) {
            return Optional.empty();
        }
        var key = found.get();
        if (recentlyTouched.asMap().putIfAbsent(key.id(), Boolean.TRUE) == null) {
            repository.touch(key.id(), Instant.now());
        }
        Set<UUID> storeIds = key.storeId() == null ? Set.of() : Set.of(key.storeId());
        return Optional.of(new Actor(key.tenantId(), Actor.Kind.API_KEY, key.id(), "api-key:" + key.name(),
                Set.copyOf(key.scopes()), key.storeId() == null, storeIds, false));
    }

    @Transactional
    public IssuedApiKey create(Actor actor, String name, List<Scope> scopes, String storeCode) {
        actor.requireTenantAdmin();
        requireNamedWithScopes(name, scopes);
        if (scopes.contains(Scope.METRICS) && !actor.installationAdmin()) {
            throw ProblemException.forbidden("The metrics scope reads figures of the whole installation; only the"
                    + " installation admin grants it.");
        }
        UUID storeId = null;
        if (storeCode != null) {
            StoreRef store = stores.findByCode(actor.tenantId(), storeCode)
                    .filter(s -> !s.archived())
                    .orElseThrow(() -> ProblemException.invalid("storeCode", "is not an active store of this tenant"));
            storeId = store.id();
        }
        UUID id = UUID.randomUUID();
        ApiKeySecret secret = ApiKeySecret.generate();
        Set<Scope> distinct = new LinkedHashSet<>(scopes);
        repository.insert(actor.tenantId(), id, name, secret, distinct, storeId);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", name);
        details.put("scopes", distinct.stream().map(Scope::value).toList());
        details.put("storeCode", storeCode);
        audit.record(actor, "api_key.created", "api_key", id, details);
        return IssuedApiKey.of(get(actor, id), secret.value());
    }

    /** The API checks these on the request too; the console's form arrives here unchecked. */
    private static void requireNamedWithScopes(String name, List<Scope> scopes) {
        List<FieldError> errors = new ArrayList<>();
        if (name == null || name.isBlank()) {
            errors.add(new FieldError("name", "must not be blank"));
        } else if (name.length() > 100) {
            errors.add(new FieldError("name", "size must be between 0 and 100"));
        }
        if (scopes == null || scopes.isEmpty()) {
            errors.add(new FieldError("scopes", "must not be empty"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    public ApiKey get(Actor actor, UUID id) {
        actor.requireTenantAdmin();
        return repository.find(actor.tenantId(), id).orElseThrow(() -> ProblemException.notFound("API key", id));
    }

    public List<ApiKey> list(Actor actor, boolean includeRevoked) {
        actor.requireTenantAdmin();
        return repository.list(actor.tenantId(), includeRevoked);
    }

    /** A new secret for the same key; the old one stops working with this transaction. */
    @Transactional
    public IssuedApiKey rotate(Actor actor, UUID id) {
        ApiKey key = get(actor, id);
        if (key.status() == ApiKey.Status.REVOKED) {
            throw ProblemException.conflict("api-key-revoked", "A revoked key cannot be rotated; create a new one.");
        }
        ApiKeySecret secret = ApiKeySecret.generate();
        repository.replaceSecret(actor.tenantId(), id, secret);
        repository.raiseGeneration();
        credentials.forgetAll();
        audit.record(actor, "api_key.rotated", "api_key", id, Map.of("name", key.name()));
        return IssuedApiKey.of(get(actor, id), secret.value());
    }

    /** Revoking twice is fine: the key stays revoked and only the first is audited. */
    @Transactional
    public void revoke(Actor actor, UUID id) {
        ApiKey key = get(actor, id);
        if (repository.revoke(actor.tenantId(), id) > 0) {
            repository.raiseGeneration();
            credentials.forgetAll();
            audit.record(actor, "api_key.revoked", "api_key", id, Map.of("name", key.name()));
        }
    }
}

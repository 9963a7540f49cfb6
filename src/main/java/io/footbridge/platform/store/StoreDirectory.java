package io.footbridge.platform.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.footbridge.platform.Actor;
import io.footbridge.platform.OpeningHours;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.platform.database.Forget;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The one store cache: every module reads stores here, by id or code, instead of joining the {@code store} table.
 * Only stores found are kept (a store created a moment ago is found at once); a change to a tenant's stores on this
 * node forgets that tenant's entries now and again after commit, and the short lifetime bounds how long another
 * node may answer with the old name or zone.
 */
@Component
class StoreDirectory implements Stores {

    private record Key(UUID tenantId, Object idOrCode) {
    }

    private final StoreRepository repository;
    private final Cache<Key, StoreRef> cache = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(30)).maximumSize(50_000).recordStats().build();

    StoreDirectory(StoreRepository repository) {
        this.repository = repository;
    }

    @Override
    public Optional<StoreRef> findByCode(UUID tenantId, String code) {
        if (tenantId == null || code == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(cache.get(new Key(tenantId, code),
                key -> repository.findByCode(tenantId, code).orElse(null)));
    }

    @Override
    public Optional<StoreRef> findById(UUID tenantId, UUID id) {
        if (tenantId == null || id == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(cache.get(new Key(tenantId, id),
                key -> repository.findById(tenantId, id).orElse(null)));
    }

    @Override
    public List<OpeningHours> openingHours(UUID tenantId, UUID storeId) {
        return repository.openingHours(tenantId, storeId);
    }

    @Override
    public List<StoreRef> workingIn(Actor actor, int limit) {
        return repository.workingIn(actor, limit);
    }

    /** Forgets the tenant's stores now and, inside a transaction, once more when it ends. */
    void forget(UUID tenantId) {
        Forget.nowAndAfterCompletion(() -> forgetNow(tenantId));
    }

    /** How many look-ups the cache answered, for tests and metrics. */
    long hits() {
        return cache.stats().hitCount();
    }

    private void forgetNow(UUID tenantId) {
        cache.asMap().keySet().removeIf(key -> key.tenantId().equals(tenantId));
    }
}

package io.footbridge.platform.store;

import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.ProblemException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Service
class StoreService {

    private final StoreRepository repository;
    private final AuditLog audit;
    private final StoreDirectory directory;

    StoreService(StoreRepository repository, AuditLog audit, StoreDirectory directory) {
        this.repository = repository;
        this.audit = audit;
        this.directory = directory;
    }

    @Transactional
    Store create(Actor actor, StoreRequest request) {
        actor.requireTenantAdmin();
        UUID id = UUID.randomUUID();
        requireFreeCode(actor.tenantId(), request.code(), id);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Store store = from(id, request, now, now);
        repository.insert(actor.tenantId(), store);
        directory.forget(actor.tenantId());
        audit.record(actor, "store.created", "store", id, summary(store));
        return store;
    }

    Store get(Actor actor, UUID id) {
        Store store = repository.find(actor.tenantId(), id).orElseThrow(() -> ProblemException.notFound("store", id));
        actor.requireStore(id);
        return store;
    }

    List<Store> list(Actor actor, boolean includeArchived, int limit, int offset) {
        return repository.list(actor.tenantId(), actor.allStores() ? null : actor.storeIds(), includeArchived,
                limit, offset);
    }

    @Transactional
    Store update(Actor actor, UUID id, StoreRequest request) {
        Store current = get(actor, id);
        if (!current.code().equals(request.code())) {
            if (!actor.isTenantAdmin()) {
                throw ProblemException.forbidden("Only a tenant admin can change a store's code.");
            }
            requireFreeCode(actor.tenantId(), request.code(), id);
        }
        Store updated = from(id, request, current.createdAt(), Instant.now().truncatedTo(ChronoUnit.MICROS));
        if (request.openingHours() == null) {
            // a client that does not know the hours keeps them; an empty list clears them
            updated = new Store(id, updated.code(), updated.name(), updated.address(), updated.country(),
                    updated.timeZone(), updated.currency(), updated.latitude(), updated.longitude(),
                    updated.createdAt(), updated.updatedAt(), null, current.openingHours());
        }
        repository.update(actor.tenantId(), updated);
        directory.forget(actor.tenantId());
        audit.record(actor, "store.updated", "store", id, summary(updated));
        return get(actor, id);
    }

    @Transactional
    void archive(Actor actor, UUID id) {
        actor.requireTenantAdmin();
        get(actor, id);
        if (repository.archive(actor.tenantId(), id) > 0) {
            directory.forget(actor.tenantId());
            audit.record(actor, "store.archived", "store", id, Map.of());
        }
    }

    private void requireFreeCode(UUID tenantId, String code, UUID exceptId) {
        if (repository.codeTaken(tenantId, code, exceptId)) {
            throw ProblemException.conflict("store-code-taken", "Another store already has the code " + code + ".");
        }
    }

    private static Store from(UUID id, StoreRequest request, Instant createdAt, Instant updatedAt) {
        request.requireCompletePosition();
        request.requireSensibleHours();
        return new Store(id, request.code(), request.name(), request.addressOrEmpty(), request.country(),
                request.timeZone(), request.currency(), request.latitude(), request.longitude(), createdAt,
                updatedAt, null, request.hoursInOrder());
    }

    private static Map<String, Object> summary(Store store) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("code", store.code());
        details.put("name", store.name());
        details.put("country", store.country());
        details.put("timeZone", store.timeZone());
        details.put("currency", store.currency());
        details.put("openingHours", store.openingHours().size());
        return details;
    }
}

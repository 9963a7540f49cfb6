package io.footbridge.capture.touchpoint;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The tenant's registry of touchpoints. In-store ones belong to a store; online ones to none. */
@Service
public class Touchpoints {

    private final TouchpointRepository repository;
    private final Stores stores;
    private final AuditLog audit;

    private record Owned(UUID tenantId, String code) {
    }

    private final Cache<UUID, Owned> codes = Caffeine.newBuilder().maximumSize(100_000).build();

    Touchpoints(TouchpointRepository repository, Stores stores, AuditLog audit) {
        this.repository = repository;
        this.stores = stores;
        this.audit = audit;
    }

    /** QR scans and NFC taps of a touchpoint in a period and the last of either; touchpoints with none are left out. */
    public record Scans(long scans, long taps, Instant lastAt) {
    }

    /** A touchpoint's code; it never changes (events name it), so one look-up per touchpoint is kept. */
    public Optional<String> code(UUID tenantId, UUID touchpointId) {
        Owned known = codes.getIfPresent(touchpointId);
        if (known == null) {
            Optional<String> read = repository.code(tenantId, touchpointId);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            known = new Owned(tenantId, read.get());
            codes.put(touchpointId, known);
        }
        return known.tenantId().equals(tenantId) ? Optional.of(known.code()) : Optional.empty();
    }

    public Map<UUID, Scans> scans(UUID tenantId, Collection<UUID> touchpointIds, Instant from, Instant to) {
        return repository.scans(tenantId, touchpointIds, from, to);
    }

    public Optional<Touchpoint> findByCode(UUID tenantId, String code) {
        return repository.findByCode(tenantId, code);
    }

    @Transactional
    Touchpoint create(Actor actor, TouchpointRequest request) {
        UUID storeId = storeFor(actor, request.store());
        if (repository.codeTaken(actor.tenantId(), request.code())) {
            throw ProblemException.conflict("touchpoint-code-taken",
                    "Another touchpoint already has the code " + request.code() + ".");
        }
        UUID id = UUID.randomUUID();
        repository.insert(actor.tenantId(), id, request.code(), request.type(), storeId, request.label(),
                request.stage());
        audit.record(actor, "touchpoint.created", "touchpoint", id, summary(request));
        return get(actor, id);
    }

    /** Registers a touchpoint for another capability of capture that brings its own (a QR placement). */
    @Transactional
    public Touchpoint register(Actor actor, String code, TouchpointType type, String storeCode, String label,
                               JourneyStage stage) {
        return create(actor, new TouchpointRequest(code, type, storeCode, label, stage));
    }

    Touchpoint get(Actor actor, UUID id) {
        return repository.find(actor.tenantId(), id)
                .orElseThrow(() -> ProblemException.notFound("touchpoint", id));
    }

    List<Touchpoint> list(Actor actor, String storeCode, boolean includeArchived, int limit, int offset) {
        UUID storeId = null;
        if (storeCode != null) {
            storeId = stores.requireByCode(actor.tenantId(), storeCode).id();
        }
        return repository.list(actor.tenantId(), storeId, includeArchived, limit, offset);
    }

    @Transactional
    Touchpoint update(Actor actor, UUID id, TouchpointRequest request) {
        Touchpoint current = get(actor, id);
        requireWriteAccess(actor, current.storeId());
        if (!current.code().equals(request.code())) {
            throw ProblemException.invalid("code", "cannot be changed; events refer to it");
        }
        UUID storeId = storeFor(actor, request.store());
        repository.update(actor.tenantId(), id, request.type(), storeId, request.label(), request.stage());
        audit.record(actor, "touchpoint.updated", "touchpoint", id, summary(request));
        return get(actor, id);
    }

    @Transactional
    void archive(Actor actor, UUID id) {
        Touchpoint current = get(actor, id);
        requireWriteAccess(actor, current.storeId());
        if (repository.archive(actor.tenantId(), id) > 0) {
            audit.record(actor, "touchpoint.archived", "touchpoint", id, Map.of());
        }
    }

    private UUID storeFor(Actor actor, String storeCode) {
        if (storeCode == null) {
            requireWriteAccess(actor, null);
            return null;
        }
        StoreRef store = stores.findByCode(actor.tenantId(), storeCode)
                .filter(s -> !s.archived())
                .orElseThrow(() -> ProblemException.invalid("store", "is not an active store of this tenant"));
        requireWriteAccess(actor, store.id());
        return store.id();
    }

    /** Online touchpoints (no store) are tenant-wide, so only tenant-wide credentials manage them. */
    private static void requireWriteAccess(Actor actor, UUID storeId) {
        if (storeId == null) {
            if (!actor.allStores()) {
                throw ProblemException.forbidden("Touchpoints without a store need tenant-wide credentials.");
            }
            return;
        }
        actor.requireStore(storeId);
    }

    private static Map<String, Object> summary(TouchpointRequest request) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("code", request.code());
        details.put("type", request.type().value());
        details.put("store", request.store());
        details.put("stage", request.stage().value());
        return details;
    }
}

package io.footbridge.identity.graph;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.Normalised;
import io.footbridge.platform.Signatures;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The keyed digests of erased people's identifiers. Most tenants have erased nobody, so whether a tenant has any is
 * remembered for a few seconds and the per-event lookup skipped; another node learns of a tenant's first erasure
 * within that time.
 */
@Component
class Tombstones {

    static final String PURPOSE = "tombstone";

    private final GraphRepository graph;
    private final Signatures signatures;
    private final Cache<UUID, Boolean> any = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(5)).build();

    Tombstones(GraphRepository graph, Signatures signatures) {
        this.graph = graph;
        this.signatures = signatures;
    }

    String digest(IdentifierType type, String value) {
        return signatures.digest(PURPOSE, type.key() + ":" + value);
    }

    boolean erased(UUID tenantId, IdentifierType type, String value) {
        return any(tenantId) && graph.tombstoned(tenantId, List.of(digest(type, value)));
    }

    /** Whether any of these identifiers was an erased person's. */
    boolean anyErased(UUID tenantId, Collection<Normalised> identifiers) {
        if (identifiers.isEmpty() || !any(tenantId)) {
            return false;
        }
        return graph.tombstoned(tenantId, identifiers.stream().map(n -> digest(n.type(), n.value())).toList());
    }

    void add(UUID tenantId, Collection<String> digests, Instant now) {
        digests.forEach(digest -> graph.insertTombstone(tenantId, digest, now));
        any.put(tenantId, true);
    }

    private boolean any(UUID tenantId) {
        return any.get(tenantId, graph::hasTombstones);
    }
}

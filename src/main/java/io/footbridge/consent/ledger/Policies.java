package io.footbridge.consent.ledger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.UUID;

/** The tenants' gating policies, read on every send and changed rarely: cached briefly (other nodes catch up in 5 s). */
@Component
public class Policies {

    private final LedgerRepository repository;
    private final Cache<UUID, Policy> cache = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(5)).build();

    Policies(LedgerRepository repository) {
        this.repository = repository;
    }

    public Policy of(UUID tenantId) {
        return cache.get(tenantId, repository::policy);
    }

    void save(UUID tenantId, Policy policy) {
        repository.savePolicy(tenantId, policy);
        cache.invalidate(tenantId);
    }
}

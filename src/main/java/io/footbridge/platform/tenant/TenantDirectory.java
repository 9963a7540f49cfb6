package io.footbridge.platform.tenant;

import io.footbridge.platform.Tenants;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Component
class TenantDirectory implements Tenants {

    private final TenantRepository repository;

    TenantDirectory(TenantRepository repository) {
        this.repository = repository;
    }

    @Override
    public List<TenantRef> all() {
        return repository.list(10_000, 0).stream().map(t -> new TenantRef(t.id(), t.name())).toList();
    }

    @Override
    public Optional<TenantRef> find(UUID id) {
        return repository.find(id).map(t -> new TenantRef(t.id(), t.name()));
    }
}

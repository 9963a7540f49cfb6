package io.footbridge.platform.tenant;

import io.footbridge.platform.Tenants;
import org.springframework.stereotype.Component;

import java.util.List;

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
}

package io.footbridge.platform.staff;

import io.footbridge.platform.Staff;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

@Component
class StaffDirectory implements Staff {

    private final StaffRepository repository;

    StaffDirectory(StaffRepository repository) {
        this.repository = repository;
    }

    @Override
    public Optional<StaffRef> find(UUID tenantId, UUID id) {
        return repository.find(tenantId, id).map(user -> new StaffRef(user.id(), tenantId, user.name(), user.email(),
                user.role().value(), !user.role().storeBound(),
                user.role().storeBound() ? Set.copyOf(repository.storeIds(tenantId, id)) : Set.of(),
                user.disabledAt() != null));
    }
}

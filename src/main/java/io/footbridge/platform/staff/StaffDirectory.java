package io.footbridge.platform.staff;

import io.footbridge.platform.Staff;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.List;
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
        return repository.find(tenantId, id).map(user -> ref(tenantId, user));
    }

    @Override
    public List<StaffRef> active(UUID tenantId, int limit) {
        return repository.list(tenantId, limit, 0).stream().filter(user -> user.disabledAt() == null)
                .map(user -> ref(tenantId, user)).sorted(Comparator.comparing(StaffRef::label)).toList();
    }

    private StaffRef ref(UUID tenantId, StaffUser user) {
        return new StaffRef(user.id(), tenantId, user.name(), user.email(), user.role().value(),
                !user.role().storeBound(),
                user.role().storeBound() ? Set.copyOf(repository.storeIds(tenantId, user.id())) : Set.of(),
                user.disabledAt() != null);
    }
}

package io.footbridge.platform;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Looks staff members up for other modules: who may own a complaint case, and how to name them. */
public interface Staff {

    /**
     * A staff member as other modules need them.
     *
     * @param allStores false for store managers, who work only in {@code storeIds}
     */
    record StaffRef(UUID id, UUID tenantId, String name, String email, String role, boolean allStores,
                    Set<UUID> storeIds, boolean disabled) {

        public boolean canAccessStore(UUID storeId) {
            return allStores || storeIds.contains(storeId);
        }

        /** The name if they gave one, else their email. */
        public String label() {
            return name == null || name.isBlank() ? email : name;
        }
    }

    Optional<StaffRef> find(UUID tenantId, UUID id);

    /** Up to {@code limit} staff members of the tenant who are not disabled, by name: the choice of an owner. */
    List<StaffRef> active(UUID tenantId, int limit);
}

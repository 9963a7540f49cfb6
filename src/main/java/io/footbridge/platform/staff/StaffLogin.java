package io.footbridge.platform.staff;

import io.footbridge.platform.Actor;

import java.util.Set;
import java.util.UUID;

/** What a login check needs about a staff account. */
public record StaffLogin(UUID id, UUID tenantId, String email, String passwordHash, Role role,
                         boolean installationAdmin, boolean disabled, Set<UUID> storeIds) {

    public Actor toActor() {
        return new Actor(tenantId, Actor.Kind.STAFF, id, email, role.scopes(), !role.storeBound(), storeIds,
                installationAdmin);
    }
}

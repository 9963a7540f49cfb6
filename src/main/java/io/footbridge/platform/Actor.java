package io.footbridge.platform;

import java.util.Set;
import java.util.UUID;

/**
 * Who is calling: a staff user (HTTP Basic or the console) or an integration (API key). Every request is served on
 * behalf of exactly one tenant; {@code allStores} is false for store managers and store-bound keys, who may only touch
 * {@code storeIds}.
 */
public record Actor(UUID tenantId, Kind kind, UUID id, String label, Set<Scope> scopes, boolean allStores,
                    Set<UUID> storeIds, boolean installationAdmin) {

    /** SYSTEM is background work started by someone earlier, such as an import, or the command line. */
    public enum Kind { STAFF, API_KEY, SYSTEM }

    /** Tenant-wide background work with just the given scopes. */
    public static Actor system(UUID tenantId, String label, Set<Scope> scopes) {
        return new Actor(tenantId, Kind.SYSTEM, null, label, scopes, true, Set.of(), false);
    }

    public Actor {
        scopes = Set.copyOf(scopes);
        storeIds = Set.copyOf(storeIds);
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope) || scopes.contains(Scope.ADMIN) && scope.impliedByAdmin();
    }

    /** Tenant-wide administration (users, keys, stores) needs the admin scope and no store binding. */
    public boolean isTenantAdmin() {
        return scopes.contains(Scope.ADMIN) && allStores;
    }

    public boolean canAccessStore(UUID storeId) {
        return allStores || storeIds.contains(storeId);
    }

    public void requireTenantAdmin() {
        if (!isTenantAdmin()) {
            throw ProblemException.forbidden("This needs a tenant-wide admin; store-bound or non-admin credentials"
                    + " cannot do it.");
        }
    }

    public void requireStore(UUID storeId) {
        if (!canAccessStore(storeId)) {
            throw ProblemException.forbidden("Your credentials are not bound to this store.");
        }
    }
}

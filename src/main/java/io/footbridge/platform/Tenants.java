package io.footbridge.platform;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The tenants of this installation, for command-line jobs that must be told which one to work for and pages. */
public interface Tenants {

    record TenantRef(UUID id, String name) {
    }

    /** Oldest first, so the tenant created on first start comes first. */
    List<TenantRef> all();

    Optional<TenantRef> find(UUID id);
}

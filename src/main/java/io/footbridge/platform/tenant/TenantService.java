package io.footbridge.platform.tenant;

import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.staff.StaffAccounts;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Map;
import java.util.UUID;

@Service
class TenantService {

    private final TenantRepository repository;
    private final StaffAccounts staff;
    private final AuditLog audit;

    TenantService(TenantRepository repository, StaffAccounts staff, AuditLog audit) {
        this.repository = repository;
        this.staff = staff;
        this.audit = audit;
    }

    /** A new brand with its first admin; {@code by} is null for the installation's own first tenant. */
    @Transactional
    Tenant create(Actor by, String name, String adminEmail, String adminPassword, boolean installationAdmin) {
        UUID id = UUID.randomUUID();
        repository.insert(id, name);
        audit.record(id, by, "tenant.created", "tenant", id, Map.of("name", name));
        if (by != null) {
            audit.record(by, "tenant.created", "tenant", id, Map.of("name", name));
        }
        staff.createAdmin(id, adminEmail, adminPassword, installationAdmin, by);
        return get(id);
    }

    Tenant get(UUID id) {
        return repository.find(id).orElseThrow(() -> ProblemException.notFound("tenant", id));
    }

    /** Installation admins see every tenant; anyone else only their own. */
    Tenant get(Actor actor, UUID id) {
        if (!actor.installationAdmin() && !actor.tenantId().equals(id)) {
            throw ProblemException.notFound("tenant", id);
        }
        return get(id);
    }

    List<Tenant> list(int limit, int offset) {
        return repository.list(limit, offset);
    }

    @Transactional
    Tenant rename(Actor actor, UUID id, String name) {
        get(actor, id);
        if (!actor.installationAdmin()) {
            actor.requireTenantAdmin();
        }
        repository.rename(id, name);
        audit.record(id, actor, "tenant.renamed", "tenant", id, Map.of("name", name));
        return get(id);
    }
}

package io.footbridge.platform.staff;

import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Staff accounts of a tenant: created, changed and disabled by the tenant's admins, every change audited. */
@Service
public class StaffAccounts {

    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("[^@\\s]+@[^@\\s]+");

    private final StaffRepository repository;
    private final PasswordEncoder encoder;
    private final Stores stores;
    private final AuditLog audit;

    StaffAccounts(StaffRepository repository, PasswordEncoder encoder, Stores stores, AuditLog audit) {
        this.repository = repository;
        this.encoder = encoder;
        this.stores = stores;
        this.audit = audit;
    }

    public static String normalizeEmail(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    public Optional<StaffLogin> findLogin(String email) {
        return repository.findLogin(normalizeEmail(email));
    }

    /** The first admin of a new tenant; {@code by} is null when the installation bootstraps itself. */
    @Transactional
    public UUID createAdmin(UUID tenantId, String email, String password, boolean installationAdmin, Actor by) {
        String normalized = normalizeEmail(email);
        requireFreeEmail(normalized);
        UUID id = UUID.randomUUID();
        repository.insert(tenantId, id, normalized, null, Role.ADMIN, encoder.encode(password), installationAdmin);
        audit.record(tenantId, by, "staff.created", "staff_user", id,
                Map.of("email", normalized, "role", Role.ADMIN.value()));
        return id;
    }

    @Transactional
    public StaffUser create(Actor actor, String email, String name, Role role, String password,
                            List<String> storeCodes) {
        List<FieldError> errors = new ArrayList<>();
        if (email == null || email.isBlank() || email.length() > 254 || !EMAIL.matcher(email.strip()).matches()) {
            errors.add(new FieldError("email", "must be a well-formed email address"));
        }
        checkName(name, errors);
        checkPassword("password", password, errors);
        if (role == null) {
            errors.add(new FieldError("role", "must not be null"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        String normalized = normalizeEmail(email);
        List<UUID> storeIds = resolveStores(actor.tenantId(), role, storeCodes);
        requireFreeEmail(normalized);
        UUID id = UUID.randomUUID();
        repository.insert(actor.tenantId(), id, normalized, name, role, encoder.encode(password), false);
        repository.replaceStores(actor.tenantId(), id, storeIds);
        audit.record(actor, "staff.created", "staff_user", id,
                Map.of("email", normalized, "role", role.value(), "stores", storeCodes == null ? List.of() : storeCodes));
        return get(actor, id);
    }

    public StaffUser get(Actor actor, UUID id) {
        return repository.find(actor.tenantId(), id).orElseThrow(() -> ProblemException.notFound("staff user", id));
    }

    public List<StaffUser> list(Actor actor, int limit, int offset) {
        return repository.list(actor.tenantId(), limit, offset);
    }

    @Transactional
    public StaffUser update(Actor actor, UUID id, String name, Role role, List<String> storeCodes) {
        List<FieldError> errors = new ArrayList<>();
        checkName(name, errors);
        if (role == null) {
            errors.add(new FieldError("role", "must not be null"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        StaffUser current = changeable(actor, id);
        List<UUID> storeIds = resolveStores(actor.tenantId(), role, storeCodes);
        if (current.role() == Role.ADMIN && role != Role.ADMIN && current.disabledAt() == null) {
            requireAnotherAdmin(actor.tenantId());
            if (current.installationAdmin() && repository.countActiveInstallationAdmins() <= 1) {
                throw ProblemException.conflict("last-admin", "The installation must keep at least one active"
                        + " installation admin.");
            }
        }
        repository.update(actor.tenantId(), id, name, role);
        repository.replaceStores(actor.tenantId(), id, storeIds);
        audit.record(actor, "staff.updated", "staff_user", id,
                Map.of("role", role.value(), "stores", storeCodes == null ? List.of() : storeCodes));
        return get(actor, id);
    }

    @Transactional
    public void setPassword(Actor actor, UUID id, String password) {
        List<FieldError> errors = new ArrayList<>();
        checkPassword("password", password, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        changeable(actor, id);
        repository.updatePassword(actor.tenantId(), id, encoder.encode(password));
        audit.record(actor, "staff.password_set", "staff_user", id, Map.of());
    }

    @Transactional
    public void changeOwnPassword(Actor actor, String currentPassword, String newPassword) {
        StaffLogin login = repository.findLogin(actor.label())
                .filter(l -> l.id().equals(actor.id()))
                .orElseThrow(() -> ProblemException.forbidden("Only staff accounts have a password."));
        if (!encoder.matches(currentPassword, login.passwordHash())) {
            throw ProblemException.invalid("currentPassword", "does not match your current password");
        }
        repository.updatePassword(actor.tenantId(), actor.id(), encoder.encode(newPassword));
        audit.record(actor, "staff.password_changed", "staff_user", actor.id(), Map.of());
    }

    @Transactional
    public void disable(Actor actor, UUID id) {
        StaffUser user = changeable(actor, id);
        if (id.equals(actor.id())) {
            throw ProblemException.conflict("cannot-disable-self", "You cannot disable your own account.");
        }
        if (user.role() == Role.ADMIN && user.disabledAt() == null) {
            requireAnotherAdmin(actor.tenantId());
        }
        if (repository.disable(actor.tenantId(), id) > 0) {
            audit.record(actor, "staff.disabled", "staff_user", id, Map.of());
        }
    }

    /**
     * A staff user the caller may change: the installation admin administers every tenant, so only an installation
     * admin may change their account, not an admin of the tenant they happen to belong to.
     */
    private StaffUser changeable(Actor actor, UUID id) {
        StaffUser user = get(actor, id);
        if (user.installationAdmin() && !actor.installationAdmin()) {
            throw ProblemException.forbidden("Only the installation admin may change the installation admin's"
                    + " account.");
        }
        return user;
    }

    /**
     * One e-mail, one login across the installation (a login names no tenant). The answer is the same whoever holds
     * the address, this tenant or another, and names no one.
     */
    private void requireFreeEmail(String normalized) {
        if (repository.emailTaken(normalized)) {
            throw ProblemException.conflict("email-taken", "This e-mail cannot be used for a new staff account;"
                    + " choose another.");
        }
    }

    /*
     * The API's request records check the same with Bean Validation; the console's forms arrive here unchecked, so
     * the service holds the rules for both.
     */
    private static void checkName(String name, List<FieldError> errors) {
        if (name != null && name.length() > 200) {
            errors.add(new FieldError("name", "size must be between 0 and 200"));
        }
    }

    private static void checkPassword(String field, String password, List<FieldError> errors) {
        if (password == null || password.length() < 12 || password.length() > 128) {
            errors.add(new FieldError(field, "size must be between 12 and 128"));
        }
    }

    private void requireAnotherAdmin(UUID tenantId) {
        if (repository.countActiveAdmins(tenantId) <= 1) {
            throw ProblemException.conflict("last-admin", "A tenant must keep at least one active admin.");
        }
    }

    private List<UUID> resolveStores(UUID tenantId, Role role, List<String> storeCodes) {
        List<String> codes = storeCodes == null ? List.of() : storeCodes;
        if (role.storeBound() && codes.isEmpty()) {
            throw ProblemException.invalid("storeCodes", "a store manager needs at least one store");
        }
        if (!role.storeBound() && !codes.isEmpty()) {
            throw ProblemException.invalid("storeCodes", "only store managers are bound to stores");
        }
        List<UUID> ids = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < codes.size(); i++) {
            Optional<StoreRef> store = stores.findByCode(tenantId, codes.get(i));
            if (store.isEmpty()) {
                errors.add(new FieldError("storeCodes[" + i + "]", "is not a store of this tenant"));
            } else if (!ids.contains(store.get().id())) {
                ids.add(store.get().id());
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return ids;
    }
}

package io.footbridge.platform.store;

import io.footbridge.platform.Actor;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Provisioning;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.platform.staff.Role;
import io.footbridge.platform.staff.StaffAccounts;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** {@link Provisioning} on the services behind the stores and users API, with the API's checks. */
@Component
class StoreProvisioning implements Provisioning {

    private final StoreService stores;
    private final Stores lookup;
    private final StaffAccounts staff;
    private final Validator validator;

    StoreProvisioning(StoreService stores, Stores lookup, StaffAccounts staff, Validator validator) {
        this.stores = stores;
        this.lookup = lookup;
        this.staff = staff;
        this.validator = validator;
    }

    @Override
    public StoreRef createStore(Actor admin, NewStore s) {
        StoreRequest request = new StoreRequest(s.code(), s.name(),
                new StoreRequest.AddressRequest(s.street(), null, s.city(), s.postcode(), null), s.country(),
                s.timeZone(), s.currency(), s.latitude(), s.longitude(), s.openingHours());
        List<FieldError> errors = validator.validate(request).stream()
                .map(v -> new FieldError(v.getPropertyPath().toString(), v.getMessage())).toList();
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Store store = stores.create(admin, request);
        return lookup.findById(admin.tenantId(), store.id()).orElseThrow();
    }

    @Override
    public UUID createStaff(Actor admin, String email, String name, String role, String password,
                            List<String> storeCodes) {
        return staff.create(admin, email, name, Role.valueOf(role.toUpperCase(Locale.ROOT)), password, storeCodes)
                .id();
    }
}

package io.footbridge.platform.staff;

import com.fasterxml.jackson.annotation.JsonValue;
import io.footbridge.platform.Scope;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** What a staff member may do. Store managers are bound to the stores they run. */
public enum Role {
    ADMIN("admin", EnumSet.of(Scope.ADMIN)),
    MARKETER("marketer", EnumSet.of(Scope.STORES_READ, Scope.EVENTS_WRITE, Scope.EVENTS_READ, Scope.PROFILES_READ,
            Scope.PROFILES_WRITE, Scope.OFFERS_WRITE, Scope.PRODUCTS_WRITE, Scope.ANALYTICS_READ, Scope.MESSAGES_READ,
            Scope.MESSAGES_WRITE, Scope.FEEDBACK_READ, Scope.FEEDBACK_WRITE, Scope.SEGMENTS_READ,
            Scope.SEGMENTS_WRITE,
            Scope.JOURNEYS_READ, Scope.JOURNEYS_WRITE)),
    STORE_MANAGER("store_manager", EnumSet.of(Scope.STORES_READ, Scope.STORES_WRITE, Scope.POS,
            Scope.EVENTS_WRITE, Scope.PROFILES_READ, Scope.ANALYTICS_READ, Scope.FEEDBACK_READ, Scope.FEEDBACK_WRITE,
            Scope.SEGMENTS_READ));

    private final String value;
    private final Set<Scope> scopes;

    Role(String value, Set<Scope> scopes) {
        this.value = value;
        this.scopes = scopes;
    }

    @JsonValue
    public String value() {
        return value;
    }

    public Set<Scope> scopes() {
        return scopes;
    }

    public boolean storeBound() {
        return this == STORE_MANAGER;
    }

    public static Optional<Role> of(String value) {
        return Arrays.stream(values()).filter(r -> r.value.equals(value)).findFirst();
    }
}

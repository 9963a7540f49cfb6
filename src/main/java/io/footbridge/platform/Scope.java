package io.footbridge.platform;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A permission carried by an API key or implied by a staff role. {@link #ADMIN} implies every other scope of the
 * tenant; {@link #METRICS} is the installation's, not a tenant's, and only the installation admin grants it.
 */
public enum Scope {
    ADMIN("admin"),
    STORES_READ("stores:read"),
    STORES_WRITE("stores:write"),
    EVENTS_WRITE("events:write"),
    EVENTS_READ("events:read"),
    POS("pos"),
    PROFILES_READ("profiles:read"),
    PROFILES_WRITE("profiles:write"),
    OFFERS_WRITE("offers:write"),
    MESSAGES_READ("messages:read"),
    MESSAGES_WRITE("messages:write"),
    PRODUCTS_WRITE("products:write"),
    ANALYTICS_READ("analytics:read"),
    FEEDBACK_READ("feedback:read"),
    FEEDBACK_WRITE("feedback:write"),
    SEGMENTS_READ("segments:read"),
    SEGMENTS_WRITE("segments:write"),
    JOURNEYS_READ("journeys:read"),
    JOURNEYS_WRITE("journeys:write"),
    /** Read {@code /actuator/prometheus}: figures of the whole installation, every tenant's traffic in them. */
    METRICS("metrics");

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    /** The Spring Security authority that {@code @PreAuthorize("hasAuthority(...)")} checks. */
    public String authority() {
        return "SCOPE_" + value;
    }

    /** Whether a tenant's admin holds this scope without naming it. */
    public boolean impliedByAdmin() {
        return this != METRICS;
    }

    public static Optional<Scope> of(String value) {
        return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
    }

    public static String allValues() {
        return Arrays.stream(values()).map(Scope::value).collect(Collectors.joining(", "));
    }
}

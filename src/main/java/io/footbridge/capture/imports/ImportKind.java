package io.footbridge.capture.imports;

import com.fasterxml.jackson.annotation.JsonValue;
import io.footbridge.platform.Scope;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a CSV file holds, and the scope needed to import it. */
public enum ImportKind {
    TRANSACTIONS(Scope.POS),
    CUSTOMERS(Scope.PROFILES_WRITE),
    PRODUCTS(Scope.PRODUCTS_WRITE);

    private final Scope scope;

    ImportKind(Scope scope) {
        this.scope = scope;
    }

    public Scope scope() {
        return scope;
    }

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ImportKind> of(String value) {
        return Arrays.stream(values()).filter(k -> k.value().equals(value)).findFirst();
    }
}

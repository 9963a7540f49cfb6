package io.footbridge.console.web;

import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the services said was wrong with a form, from their problem details: each field's reason, shown next to the
 * field, and the problem's detail when it names no field. The console's one way to show a form's errors.
 */
public record FormErrors(String detail, Map<String, String> fields) {

    public static final FormErrors NONE = new FormErrors(null, Map.of());

    public static FormErrors of(ProblemException problem) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (FieldError error : problem.errors()) {
            fields.merge(error.field(), error.reason(), (a, b) -> a + "; " + b);
        }
        return new FormErrors(fields.isEmpty() ? problem.getMessage() : null, fields);
    }

    public static FormErrors field(String field, String reason) {
        return new FormErrors(null, Map.of(field, reason));
    }

    public boolean any() {
        return detail != null || !fields.isEmpty();
    }

    /** A list field ({@code tiers}) also has the errors of its items ({@code tiers[1]}). */
    public boolean has(String field) {
        return of(field) != null;
    }

    public String of(String field) {
        String reason = fields.get(field);
        if (reason != null) {
            return reason;
        }
        return fields.entrySet().stream().filter(e -> e.getKey().startsWith(field + "[")).map(Map.Entry::getValue)
                .reduce((a, b) -> a + "; " + b).orElse(null);
    }
}

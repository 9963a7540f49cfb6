package io.footbridge.platform;

import org.springframework.http.HttpStatus;

import java.net.URI;
import java.util.List;

/**
 * An error that the API answers as RFC 9457 problem details. The {@code type} is stable: clients may branch on it.
 */
public class ProblemException extends RuntimeException {

    public static final String TYPE_BASE = "https://footbridge.dev/problems/";

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;
    private final java.util.Map<String, Object> properties = new java.util.LinkedHashMap<>();

    public ProblemException(HttpStatus status, String type, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found",
                "No " + what + " with id " + id + ".", List.of());
    }

    public static ProblemException invalid(String field, String reason) {
        return invalid(List.of(new FieldError(field, reason)));
    }

    public static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                "The request has invalid fields: " + String.join(", ", errors.stream().map(FieldError::field).toList()) + ".",
                errors);
    }

    public static ProblemException conflict(String type, String detail) {
        return new ProblemException(HttpStatus.CONFLICT, type, "Conflict", detail, List.of());
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail, List.of());
    }

    public static URI typeUri(String type) {
        return URI.create(TYPE_BASE + type);
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Adds a member to the problem body besides the standard ones, such as the id of what was refused. */
    public ProblemException with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public java.util.Map<String, Object> properties() {
        return java.util.Collections.unmodifiableMap(properties);
    }
}

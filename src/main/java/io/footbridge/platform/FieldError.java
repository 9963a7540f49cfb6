package io.footbridge.platform;

/** One rejected input field: a JSON path such as {@code address.country} or {@code scopes[1]} and why. */
public record FieldError(String field, String reason) {
}

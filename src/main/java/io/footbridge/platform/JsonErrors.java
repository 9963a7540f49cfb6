package io.footbridge.platform;

import com.fasterxml.jackson.annotation.JsonValue;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

/** Says which field of a JSON document could not be read and why, for whole requests and for batch items. */
public final class JsonErrors {

    private JsonErrors() {
    }

    /** @param root what to call the document itself when the error is not inside a field, e.g. {@code body} */
    public static FieldError describe(JacksonException json, String root) {
        String path = path(json.getPath());
        if (json instanceof UnrecognizedPropertyException) {
            return new FieldError(path, "is not a known field");
        }
        if (json instanceof InvalidFormatException format && format.getTargetType() == String.class) {
            // a string field refuses only what cannot be stored as text: NUL, or half a surrogate pair
            String message = String.valueOf(format.getOriginalMessage());
            return new FieldError(path.isEmpty() ? root : path, message.contains("surrogate")
                    ? "must not contain a UTF-16 surrogate without its pair" : "must not contain NUL characters");
        }
        if (json instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            return new FieldError(path, "must be one of: " + enumValues(format.getTargetType()));
        }
        if (json instanceof MismatchedInputException mismatch) {
            if (path.isEmpty()) {
                return new FieldError(root, "must be a JSON object");
            }
            Class<?> target = mismatch.getTargetType();
            return new FieldError(path, target == null ? "has the wrong type" : "must be " + describeType(target));
        }
        if (json instanceof StreamReadException read && read.getLocation() != null) {
            return new FieldError(path.isEmpty() ? root : path, "is not well-formed JSON (line "
                    + read.getLocation().getLineNr() + ", column " + read.getLocation().getColumnNr() + ")");
        }
        return new FieldError(path.isEmpty() ? root : path, "could not be read");
    }

    /** {@code lines[2].quantity}: the JSON path of the value Jackson failed on. */
    static String path(Collection<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : references) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    public static String describeType(Class<?> type) {
        if (type.isEnum()) {
            return "one of: " + enumValues(type);
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.getName().startsWith("java.time.")) {
            return "an ISO-8601 " + type.getSimpleName() + " such as 2026-05-01T10:15:30Z";
        }
        return "an object";
    }

    private static String enumValues(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(JsonErrors::enumValue).collect(Collectors.joining(", "));
    }

    /** The enum's JSON spelling: its {@code @JsonValue} if it has one, its name otherwise. */
    private static String enumValue(Object constant) {
        for (Method method : constant.getClass().getMethods()) {
            if (method.isAnnotationPresent(JsonValue.class)) {
                try {
                    return String.valueOf(method.invoke(constant));
                } catch (ReflectiveOperationException e) {
                    break;
                }
            }
        }
        return ((Enum<?>) constant).name();
    }
}

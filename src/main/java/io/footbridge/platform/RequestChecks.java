package io.footbridge.platform;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a request record's constraints where no controller's {@code @Valid} does (a service called by a console
 * page): the same rules the API applies, answered as the same 400 naming each field.
 */
public final class RequestChecks {

    private RequestChecks() {
    }

    public static <T> T valid(Validator validator, T request) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<T> violation : validator.validate(request)) {
            errors.add(new FieldError(violation.getPropertyPath().toString().replaceAll("\\.?<[^>]+>", ""),
                    violation.getMessage()));
        }
        if (!errors.isEmpty()) {
            errors.sort(java.util.Comparator.comparing(FieldError::field));
            throw ProblemException.invalid(errors);
        }
        return request;
    }
}

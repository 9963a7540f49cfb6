package io.footbridge.platform.web;

import io.footbridge.platform.FieldError;
import io.footbridge.platform.JsonErrors;
import io.footbridge.platform.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.core.MethodParameter;
import org.springframework.validation.Errors;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns every error into RFC 9457 problem details with a stable {@code type}; input errors name the field. Nothing
 * the client sent is echoed into logs.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> handleProblem(ProblemException ex) {
        ProblemDetail problem = Problems.of(ex.status(), ex.type(), ex.title(), ex.getMessage(), ex.errors());
        ex.properties().forEach(problem::setProperty);
        return respond(problem);
    }

    @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
    ResponseEntity<ProblemDetail> handleAccessDenied(RuntimeException ex) {
        return respond(Problems.forbidden());
    }

    /** A unique key hit by a concurrent duplicate that slipped past the service's own check. */
    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<ProblemDetail> handleDuplicate(DuplicateKeyException ex) {
        return respond(Problems.of(HttpStatus.CONFLICT, "conflict", "Conflict",
                "The resource already exists or was changed concurrently; retry the request.", List.of()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception ex) {
        String incident = UUID.randomUUID().toString();
        if (ex instanceof org.springframework.dao.DataAccessException) {
            // a database's message may quote the row it refused, customers' data included: log its shape only
            log.error("Unexpected database error, incident {}: {}", incident, shape(ex));
        } else {
            log.error("Unexpected error, incident {}", incident, ex);
        }
        ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "Something went wrong on our side. Quote incident " + incident + " when reporting it.", List.of());
        problem.setProperty("incident", incident);
        return respond(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        if (findCause(ex, PayloadTooLargeException.class) instanceof PayloadTooLargeException tooLarge) {
            return asObject(respond(Problems.payloadTooLarge(tooLarge.limit())));
        }
        return asObject(respond(Problems.invalid(List.of(describe(ex)))));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        return asObject(respond(Problems.invalid(fieldErrors(ex.getBindingResult()))));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
                                                                            HttpHeaders headers,
                                                                            HttpStatusCode status,
                                                                            WebRequest request) {
        List<FieldError> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            if (result instanceof ParameterErrors body) {
                // a @Valid body checked with constrained parameters: name its fields, as when it is checked alone
                errors.addAll(fieldErrors(body));
            } else {
                result.getResolvableErrors().forEach(error -> errors.add(new FieldError(
                        parameterName(result.getMethodParameter()), error.getDefaultMessage())));
            }
        });
        return asObject(respond(Problems.invalid(errors)));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
                                                                          HttpHeaders headers,
                                                                          HttpStatusCode status,
                                                                          WebRequest request) {
        return asObject(respond(Problems.invalid(List.of(new FieldError(ex.getParameterName(), "is required")))));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(org.springframework.beans.TypeMismatchException ex,
                                                        HttpHeaders headers, HttpStatusCode status,
                                                        WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
                : ex.getPropertyName();
        Class<?> type = ex.getRequiredType();
        String reason = type == null ? "has the wrong type" : "must be " + JsonErrors.describeType(type);
        return asObject(respond(Problems.invalid(List.of(new FieldError(name, reason)))));
    }

    /** Gives Spring MVC's own problems (405, 406, 415, 404 …) a stable type instead of about:blank. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(ProblemException.typeUri(Problems.slug(status)));
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    /** The exception classes down the cause chain, with SQL states, and where it was thrown: no messages. */
    private static String shape(Throwable ex) {
        StringBuilder shape = new StringBuilder();
        int depth = 0;
        for (Throwable t = ex; t != null && depth++ < 10; t = t.getCause() == t ? null : t.getCause()) {
            shape.append(depth > 1 ? " <- " : "").append(t.getClass().getName());
            if (t instanceof java.sql.SQLException sql) {
                shape.append(" (SQL state ").append(sql.getSQLState()).append(')');
            }
        }
        StackTraceElement[] trace = ex.getStackTrace();
        for (StackTraceElement frame : trace) {
            if (frame.getClassName().startsWith("io.footbridge")) {
                shape.append(" at ").append(frame);
                break;
            }
        }
        return shape.toString();
    }

    private static FieldError describe(HttpMessageNotReadableException ex) {
        if (!(ex.getCause() instanceof JacksonException json)) {
            return new FieldError("body", "is required and must be a JSON document");
        }
        return JsonErrors.describe(json, "body");
    }

    /** The name the client used: a header's or query parameter's own name, else the Java parameter's. */
    private static String parameterName(MethodParameter parameter) {
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        if (header != null && !header.name().isEmpty()) {
            return header.name();
        }
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        if (param != null && !param.name().isEmpty()) {
            return param.name();
        }
        return parameter.getParameterName();
    }

    private static List<FieldError> fieldErrors(Errors result) {
        List<FieldError> errors = new ArrayList<>();
        result.getFieldErrors().forEach(e -> errors.add(new FieldError(e.getField(), e.getDefaultMessage())));
        result.getGlobalErrors().forEach(e -> errors.add(new FieldError(e.getObjectName(), e.getDefaultMessage())));
        return errors;
    }

    private static Throwable findCause(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(Problems.MEDIA_TYPE).body(problem);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> asObject(ResponseEntity<ProblemDetail> response) {
        return (ResponseEntity) response;
    }
}

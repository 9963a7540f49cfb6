package io.footbridge.platform.web;

import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.util.unit.DataSize;

import java.util.List;
import java.util.Locale;

/** Builds the problem details bodies shared by the MVC handler and the security filters. */
public final class Problems {

    public static final MediaType MEDIA_TYPE = MediaType.APPLICATION_PROBLEM_JSON;

    private Problems() {
    }

    public static ProblemDetail of(HttpStatusCode status, String type, String title, String detail,
                                   List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ProblemException.typeUri(type));
        problem.setTitle(title);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    public static ProblemDetail invalid(List<FieldError> errors) {
        ProblemException ex = ProblemException.invalid(errors);
        return of(ex.status(), ex.type(), ex.title(), ex.getMessage(), errors);
    }

    public static ProblemDetail unauthorized(String detail) {
        return of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail, List.of());
    }

    public static ProblemDetail forbidden() {
        return of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "Your credentials do not carry the permission this request needs.", List.of());
    }

    public static ProblemDetail payloadTooLarge(DataSize limit) {
        return of(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large",
                "The request body is larger than the limit of " + limit.toBytes() + " bytes.", List.of());
    }

    /**
     * The request could not be read as HTTP the application understands: an undecodable or ambiguous path, a request
     * line or headers over the limit. {@code field} is {@code path}, {@code query} or {@code request}.
     */
    public static ProblemDetail malformed(String field, String reason) {
        return of(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request",
                "The request could not be read: its " + field + " " + reason + ".", List.of(new FieldError(field, reason)));
    }

    /** Footbridge reads no multipart bodies: not for JSON, CSV, nor for its own forms, which post URL-encoded. */
    public static ProblemDetail multipartRefused() {
        String reason = "multipart bodies are not accepted; send application/json, text/csv for imports, or"
                + " application/x-www-form-urlencoded for a page's form";
        return of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
                "The Content-Type " + reason + ".", List.of(new FieldError("Content-Type", reason)));
    }

    static String slug(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "http-" + status.value()
                : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

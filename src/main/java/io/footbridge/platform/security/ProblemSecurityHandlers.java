package io.footbridge.platform.security;

import io.footbridge.platform.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.List;

/** 401, 403 and 429 from the security filters, as problem details like every other error. */
@Component
class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final JsonMapper json;

    ProblemSecurityHandlers(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
            throws IOException {
        if (ex instanceof LoginLockedException locked) {
            response.setHeader("Retry-After", String.valueOf(locked.retryAfter().toSeconds()));
            write(response, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-login-attempts",
                    "Too many failed logins", "Too many failed logins from here for this account; retry in "
                            + locked.retryAfter().toSeconds() + " seconds.", List.of()));
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"Footbridge\", Bearer realm=\"Footbridge\"");
        String detail = ex instanceof InvalidApiKeyException
                ? "The API key is unknown, malformed or revoked."
                : request.getHeader("Authorization") == null
                ? "Authenticate with HTTP Basic (staff) or an API key as a Bearer token."
                : "The credentials were not accepted.";
        write(response, Problems.unauthorized(detail));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
            throws IOException {
        if (ex instanceof CsrfException) {
            crossSite(response, "A state-changing request of a signed-in session needs the session's CSRF token"
                    + " (the X-CSRF-TOKEN header or the _csrf field of the page's form).");
            return;
        }
        write(response, Problems.forbidden());
    }

    /** 403 for a request another site started, or a session's request without its CSRF token. */
    void crossSite(HttpServletResponse response, String detail) throws IOException {
        write(response, Problems.of(HttpStatus.FORBIDDEN, "cross-site-request", "Cross-site request refused",
                detail, List.of()));
    }

    private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(Problems.MEDIA_TYPE.toString());
        json.writeValue(response.getOutputStream(), problem);
    }
}

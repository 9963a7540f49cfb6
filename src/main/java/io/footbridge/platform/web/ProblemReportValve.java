package io.footbridge.platform.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Replaces the web server's HTML error report for the errors it answers before the application sees the request: a
 * path with {@code %00}, an encoded slash or a bad escape, a path above the root, a request line or headers over the
 * limit. They get a problem document, or the plain error page for a browser.
 */
class ProblemReportValve extends ErrorReportValve {

    private static final Logger log = LoggerFactory.getLogger(ProblemReportValve.class);

    private final JsonMapper json;

    ProblemReportValve(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ProblemDetail problem = problem(request, status, throwable);
        String accept = request.getHeader("Accept");
        boolean page = ErrorAnswers.wantsPage(path(request), accept);
        try {
            response.setContentType(page ? "text/html;charset=UTF-8" : Problems.MEDIA_TYPE.toString());
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                Locale locale = request.getHeader("Accept-Language") == null ? Locale.ENGLISH : request.getLocale();
                ErrorAnswers.write(writer, page, problem, locale, json);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away or the response was already committed: nothing more to tell it
        }
    }

    private static ProblemDetail problem(Request request, int status, Throwable throwable) {
        if (status >= 500) {
            String incident = UUID.randomUUID().toString();
            log.error("Unexpected error in the web server, incident {}: {}", incident,
                    throwable == null ? "no exception" : throwable.getClass().getName());
            ProblemDetail problem = Problems.of(HttpStatusCode.valueOf(status), "internal", "Internal error",
                    "Something went wrong on our side. Quote incident " + incident + " when reporting it.", List.of());
            problem.setProperty("incident", incident);
            return problem;
        }
        if (status == HttpStatus.BAD_REQUEST.value()) {
            String query = query(request);
            if (query != null && query.length() > 4096) {
                return Problems.malformed("query", "is longer than the server reads");
            }
            String path = path(request);
            return path == null || path.isEmpty()
                    ? Problems.malformed("request", "line or headers are malformed or over the size limit")
                    : Problems.malformed("path", "is not a valid, unambiguous path (a NUL, an encoded slash or"
                    + " backslash, a bad %-escape, bytes that are not UTF-8, or a segment above the root)");
        }
        return Problems.of(HttpStatusCode.valueOf(status), Problems.slug(HttpStatusCode.valueOf(status)),
                reason(status), reason(status) + ".", List.of());
    }

    private static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "Error " + status : known.getReasonPhrase();
    }

    private static String path(Request request) {
        try {
            return request.getRequestURI();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String query(Request request) {
        try {
            return request.getQueryString();
        } catch (RuntimeException e) {
            return null;
        }
    }
}

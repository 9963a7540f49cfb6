package io.footbridge.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.util.HtmlUtils;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Writes an error that no controller answered (the web server's, the firewall's, a filter's): a problem document for
 * API clients, a short page in the visitor's language for a browser on a page customers or staff open. The page names
 * no server, exception or input.
 */
final class ErrorAnswers {

    /** Paths whose callers are programs, which get problem details whatever they accept. */
    private static final String[] MACHINE_PATHS = {"/api/", "/hooks/", "/actuator", "/v3/api-docs"};

    private ErrorAnswers() {
    }

    /** Whether the caller is a browser on a page, judged by the path it asked for and its Accept header. */
    static boolean wantsPage(String path, String accept) {
        if (accept == null || !accept.contains("text/html")) {
            return false;
        }
        if (path == null) {
            return true;
        }
        for (String prefix : MACHINE_PATHS) {
            if (path.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }

    static boolean wantsPage(HttpServletRequest request) {
        return wantsPage(request.getRequestURI(), request.getHeader("Accept"));
    }

    static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem, JsonMapper json)
            throws IOException {
        response.setStatus(problem.getStatus());
        if (wantsPage(request)) {
            response.setContentType("text/html;charset=UTF-8");
            response.getOutputStream().write(page(problem.getStatus(), request.getLocale())
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        response.setContentType(Problems.MEDIA_TYPE.toString());
        json.writeValue(response.getOutputStream(), problem);
    }

    /** The same, through a writer: the web server's own error report has only that. */
    static void write(Writer writer, boolean page, ProblemDetail problem, Locale locale, JsonMapper json)
            throws IOException {
        writer.write(page ? page(problem.getStatus(), locale) : json.writeValueAsString(problem));
    }

    static String page(int status, Locale locale) {
        boolean german = locale != null && "de".equals(locale.getLanguage());
        HttpStatus known = HttpStatus.resolve(status);
        String reason = known == null ? "" : known.getReasonPhrase();
        String heading = status >= 500
                ? (german ? "Da ist etwas schiefgegangen" : "Something went wrong")
                : (german ? "Diese Seite lässt sich so nicht öffnen" : "This page cannot be opened like this");
        String text = status >= 500
                ? (german ? "Bitte versuchen Sie es in einem Moment noch einmal." : "Please try again in a moment.")
                : (german ? "Die Adresse oder das Formular ist unvollständig oder beschädigt. Öffnen Sie den Link"
                        + " oder scannen Sie den Code bitte noch einmal."
                        : "The address or the form is incomplete or damaged. Please open the link or scan the code"
                        + " again.");
        return "<!doctype html><html lang=\"" + (german ? "de" : "en") + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + status + " " + HtmlUtils.htmlEscape(reason) + "</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;"
                + "color:#1f2328;line-height:1.5}</style></head><body><main><h1>" + heading + "</h1><p>" + text
                + "</p><p><small>" + status + " " + HtmlUtils.htmlEscape(reason) + "</small></p></main></body></html>";
    }
}

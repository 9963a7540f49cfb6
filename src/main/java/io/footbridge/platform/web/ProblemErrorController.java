package io.footbridge.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

/**
 * The error page the web server forwards to when a filter sends an error or throws: problem details like the
 * controllers' errors (Spring Boot's default answers its own JSON shape), or the plain page for a browser.
 */
@Controller
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    private final JsonMapper json;

    ProblemErrorController(JsonMapper json) {
        this.json = json;
    }

    @RequestMapping("${server.error.path:/error}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Throwable ex = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        int status = code instanceof Integer known ? known : HttpStatus.NOT_FOUND.value();
        ProblemDetail problem = problem(status, ex);
        String path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        response.resetBuffer();
        response.setStatus(problem.getStatus());
        if (ErrorAnswers.wantsPage(path == null ? request.getRequestURI() : path, request.getHeader("Accept"))) {
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().write(ErrorAnswers.page(problem.getStatus(), request.getLocale()));
            return;
        }
        response.setContentType(Problems.MEDIA_TYPE.toString());
        json.writeValue(response.getOutputStream(), problem);
    }

    private static ProblemDetail problem(int status, Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidParameterException) {
                return Problems.invalid(List.of(new io.footbridge.platform.FieldError("query",
                        "has a parameter that cannot be read")));
            }
            if (t instanceof PayloadTooLargeException tooLarge) {
                return Problems.payloadTooLarge(tooLarge.limit());
            }
        }
        HttpStatusCode code = HttpStatusCode.valueOf(status);
        if (status >= 500) {
            String incident = UUID.randomUUID().toString();
            // the exception's message may quote the request: its class says enough to find the cause
            log.error("Unexpected error outside the controllers, incident {}: {}", incident,
                    ex == null ? "no exception" : ex.getClass().getName()
                            + (ex.getCause() == null ? "" : " <- " + ex.getCause().getClass().getName()));
            ProblemDetail problem = Problems.of(code, "internal", "Internal error",
                    "Something went wrong on our side. Quote incident " + incident + " when reporting it.", List.of());
            problem.setProperty("incident", incident);
            return problem;
        }
        if (status == HttpStatus.NOT_FOUND.value()) {
            return Problems.of(code, "not-found", "Not found", "There is nothing at this address.", List.of());
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error " + status : known.getReasonPhrase();
        return Problems.of(code, Problems.slug(code), title, title + ".", List.of());
    }
}

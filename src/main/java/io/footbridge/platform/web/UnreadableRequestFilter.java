package io.footbridge.platform.web;

import io.footbridge.platform.FieldError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Answers requests whose parameters cannot be read before anything else touches them: an escape that is not
 * percent-encoded UTF-8 ({@code ?store=%ff%zz}, a form field {@code %%%%}), more parameters than the web server takes
 * ({@code server.tomcat.max-parameter-count}), and multipart bodies, which no endpoint but the console's import
 * upload reads. Read lazily, by whichever filter or controller asks first, these failed as 500s.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class UnreadableRequestFilter extends OncePerRequestFilter {

    /** The one path that reads a multipart body: the console's import upload. */
    static final String CONSOLE_UPLOAD = "/console/data/imports";

    private final JsonMapper json;

    UnreadableRequestFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String contentType = request.getContentType();
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            if (CONSOLE_UPLOAD.equals(request.getRequestURI().substring(request.getContextPath().length()))
                    && "POST".equals(request.getMethod())) {
                chain.doFilter(new SignedInUpload(request), response);
                return;
            }
            ErrorAnswers.write(request, response, Problems.multipartRefused(), json);
            return;
        }
        if (request.getRequestURI().startsWith(request.getContextPath() + "/hooks/")) {
            // providers' webhooks read their body as bytes, since signatures cover the bytes: only the query is checked
            ProblemDetail undecodable = undecodableQuery(request);
            if (undecodable != null) {
                ErrorAnswers.write(request, response, undecodable, json);
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        Map<String, String[]> parameters;
        try {
            // the query, and a URL-encoded form's body, are parsed here once; every later read gets the same map
            parameters = request.getParameterMap();
        } catch (InvalidParameterException e) {
            ErrorAnswers.write(request, response, problem(request, e), json);
            return;
        }
        String unstorable = unstorable(parameters);
        if (unstorable != null) {
            ErrorAnswers.write(request, response, Problems.invalid(List.of(new FieldError(unstorable,
                    "must not contain NUL characters"))), json);
            return;
        }
        try {
            chain.doFilter(request, response);
        } catch (HttpMessageNotReadableException e) {
            // a PUT, PATCH or DELETE form body, which Spring's form filter decodes itself, later on
            if (response.isCommitted()) {
                throw e;
            }
            response.reset();
            ErrorAnswers.write(request, response, Problems.invalid(List.of(new FieldError("body",
                    "is not a valid form: a field that is not percent-encoded UTF-8"))), json);
        }
    }

    /**
     * The first parameter whose name or value holds a NUL character, which PostgreSQL's text refuses (a store code
     * {@code %00} reached the database as a query argument); as in bodies, no value needs one.
     */
    static String unstorable(Map<String, String[]> parameters) {
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            if (parameter.getKey().indexOf('\u0000') >= 0) {
                return "query";
            }
            for (String value : parameter.getValue()) {
                if (value != null && value.indexOf('\u0000') >= 0) {
                    return parameter.getKey().length() > 100 ? "query" : parameter.getKey();
                }
            }
        }
        return null;
    }

    /** Names the parameter when the query shows it; the exception's own message quotes values, so it is not used. */
    private static ProblemDetail problem(HttpServletRequest request, InvalidParameterException e) {
        if (e.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value()) {
            return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large",
                    "The form is larger than the web server reads.", List.of(new FieldError("body", "is too large")));
        }
        ProblemDetail undecodable = undecodableQuery(request);
        if (undecodable != null) {
            return undecodable;
        }
        String query = request.getQueryString();
        String where = query != null && count(query) > 0 && !isForm(request) ? "query" : "body";
        String reason = e.getCause() != null ? "has a field that is not valid percent-encoded UTF-8"
                : "has more parameters than allowed, or a parameter without a name";
        return Problems.invalid(List.of(new FieldError(where, reason)));
    }

    /** A 400 naming the first query parameter that does not decode, or null when the whole query decodes. */
    private static ProblemDetail undecodableQuery(HttpServletRequest request) {
        String query = request.getQueryString();
        String field = query == null ? null : undecodable(query);
        return field == null ? null
                : Problems.invalid(List.of(new FieldError(field, "is not valid percent-encoded UTF-8")));
    }

    private static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private static int count(String query) {
        return query.split("&").length;
    }

    /** The first parameter of a raw query that does not decode: its name, or {@code query} if the name is the fault. */
    static String undecodable(String query) {
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            if (name == null) {
                return "query";
            }
            if (equals >= 0 && decode(pair.substring(equals + 1)) == null) {
                return name.isEmpty() || name.length() > 100 ? "query" : name;
            }
        }
        return null;
    }

    /** Strict percent-decoding as UTF-8; null where a browser's lenient decoder would guess. */
    private static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}

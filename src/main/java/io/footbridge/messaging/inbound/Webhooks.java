package io.footbridge.messaging.inbound;

import io.footbridge.platform.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the providers' webhooks share: the body exactly as it came (signatures are computed over the bytes, before
 * any parsing) and the problems they answer with.
 */
public final class Webhooks {

    /** Provider payloads are small; Meta documents up to 3 MB for a batch of changes. */
    private static final int MAX_BODY = 3 * 1024 * 1024;

    private Webhooks() {
    }

    /** The raw body, read once here; a body over the limit is a 413 problem. */
    public static byte[] body(HttpServletRequest request) {
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            // the platform's body limit reports itself as an IOException while the stream is read
            throw tooLarge();
        }
    }

    /**
     * The parameters of a form-encoded POST body, in order; names without a value count as empty. Read from the
     * bytes rather than the servlet's parameters, which would mix in the query string that Twilio signs as part of
     * the URL instead.
     */
    public static Map<String, List<String>> form(byte[] body) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return form;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                form.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException badEscape) {
                throw ProblemException.invalid("body", "is not a form-encoded body");
            }
        }
        return form;
    }

    public static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The URL as the provider called it: behind a proxy, the public URL it was given, plus the query. */
    public static String calledUrl(String baseUrl, HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return baseUrl + path + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
    }

    public static ProblemException forged(String header) {
        return new ProblemException(HttpStatus.FORBIDDEN, "webhook-signature", "Invalid webhook signature",
                "The request's " + header + " is missing or does not match its content; it was not taken in.",
                List.of());
    }

    public static ProblemException notSetUp(String what, String settings) {
        return new ProblemException(HttpStatus.NOT_FOUND, "webhook-not-configured", "Webhook not configured",
                what + " is not set up on this installation (" + settings + ").", List.of());
    }

    private static ProblemException tooLarge() {
        return new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large",
                "The request body is larger than this webhook accepts.", List.of());
    }
}

package io.footbridge.platform;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * What every page customers see needs from the platform: the address their phones reach this installation at,
 * and the language the page speaks (the brand's, set per request).
 */
@Component
public class HostedPages {

    /** The request attribute the locale resolver reads. */
    public static final String LANGUAGE = HostedPages.class.getName() + ".language";

    private final String publicUrl;
    private final Environment environment;

    HostedPages(@Value("${footbridge.public-url:}") String publicUrl, Environment environment) {
        this.publicUrl = publicUrl == null ? "" : publicUrl.strip();
        this.environment = environment;
    }

    /**
     * {@code footbridge.public-url} without a trailing slash or, when it is not set, this machine's own port on
     * localhost: never the address a request came in on, as its Host header is whatever the caller sent, and a link
     * built on it would go out on QR codes, messages and coupons.
     */
    public String baseUrl() {
        String base = publicUrl.isEmpty() ? localUrl(environment) : publicUrl;
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** Whether {@code footbridge.public-url} is set. */
    public boolean publicUrlSet() {
        return !publicUrl.isEmpty();
    }

    /** This node on localhost, on the port it listens on. */
    public static String localUrl(Environment environment) {
        return "http://localhost:" + environment.getProperty("local.server.port",
                environment.getProperty("server.port", "8080"));
    }

    /** Makes this request's page speak the brand's language. */
    public static void speak(HttpServletRequest request, Brand brand) {
        request.setAttribute(LANGUAGE, brand.language());
    }
}

package io.footbridge.platform;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

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
     * {@code footbridge.public-url} without a trailing slash, or, when it is not set, the address the current request
     * came in on, or this machine's port for work outside a request (fine for trying out, not for anything printed or
     * sent).
     */
    public String baseUrl() {
        String base = publicUrl;
        if (base.isEmpty()) {
            base = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes
                    ? ServletUriComponentsBuilder.fromCurrentContextPath().toUriString()
                    : "http://localhost:" + environment.getProperty("local.server.port",
                    environment.getProperty("server.port", "8080"));
        }
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** Makes this request's page speak the brand's language. */
    public static void speak(HttpServletRequest request, Brand brand) {
        request.setAttribute(LANGUAGE, brand.language());
    }
}

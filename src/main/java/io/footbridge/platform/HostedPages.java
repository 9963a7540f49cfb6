package io.footbridge.platform;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
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

    HostedPages(@Value("${footbridge.public-url:}") String publicUrl) {
        this.publicUrl = publicUrl == null ? "" : publicUrl.strip();
    }

    /**
     * {@code footbridge.public-url} without a trailing slash, or, when it is not set, the address the current request
     * came in on (fine for trying out, not for anything printed).
     */
    public String baseUrl() {
        String base = publicUrl.isEmpty() ? ServletUriComponentsBuilder.fromCurrentContextPath().toUriString() : publicUrl;
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** Makes this request's page speak the brand's language. */
    public static void speak(HttpServletRequest request, Brand brand) {
        request.setAttribute(LANGUAGE, brand.language());
    }
}

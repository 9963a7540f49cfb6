package io.footbridge.capture.placement;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param publicUrl where customers' phones reach this installation ({@code https://go.example.com}); short links
 *                  and QR codes are built on it. Empty: the address the request came in on, fine for trying out
 *                  but not for printing.
 */
@ConfigurationProperties("footbridge.links")
record LinkProperties(@DefaultValue("") String publicUrl) {

    String base(String requestBase) {
        String base = publicUrl.isBlank() ? requestBase : publicUrl.strip();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}

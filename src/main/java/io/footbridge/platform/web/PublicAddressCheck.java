package io.footbridge.platform.web;

import io.footbridge.platform.HostedPages;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Without {@code footbridge.public-url}, links customers get point at localhost: fine on the machine it runs on,
 * wrong as soon as anyone reaches it under another name. Says so in the log, once per name, instead of quietly taking
 * the caller's Host header for the address.
 */
@Component
class PublicAddressCheck extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(PublicAddressCheck.class);
    /** Names already warned about; a caller can send any Host, so the log is not theirs to fill. */
    private static final int MAX_WARNINGS = 20;

    private final HostedPages pages;
    private final Environment environment;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    PublicAddressCheck(HostedPages pages, Environment environment) {
        this.pages = pages;
        this.environment = environment;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!pages.publicUrlSet() && warned.size() < MAX_WARNINGS) {
            String host = hostName(request.getServerName());
            if (!local(host) && warned.add(host)) {
                log.warn("Reached as {}, but FOOTBRIDGE_PUBLIC_URL is not set: links on QR codes, messages, coupons"
                        + " and receipts point at {}, not at that name. Set FOOTBRIDGE_PUBLIC_URL to the address"
                        + " phones reach (https://go.example.com).", host, HostedPages.localUrl(environment));
            }
        }
        chain.doFilter(request, response);
    }

    /** The name as far as it can be a host name: nothing of a forged header reaches the log but these characters. */
    static String hostName(String serverName) {
        String name = serverName == null ? "" : serverName.toLowerCase(Locale.ROOT);
        StringBuilder clean = new StringBuilder();
        for (int i = 0; i < name.length() && clean.length() < 100; i++) {
            char c = name.charAt(i);
            clean.append(Character.isLetterOrDigit(c) && c < 128 || ".-:[]".indexOf(c) >= 0 ? c : '?');
        }
        return clean.toString();
    }

    private static boolean local(String host) {
        return host.isEmpty() || host.equals("localhost") || host.endsWith(".localhost") || host.startsWith("127.")
                || host.equals("[::1]") || host.equals("::1");
    }
}

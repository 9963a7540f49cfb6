package io.footbridge.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Credentials a browser holds on its own (HTTP Basic it was once asked for, a session cookie) go with every request
 * it makes, whichever site starts it. State-changing requests those credentials carry must come from this origin:
 * a request another site starts is refused by its {@code Sec-Fetch-Site} or {@code Origin} header, and a
 * session's requests also need the session's CSRF token. API keys are sent only by code that holds them, so their
 * requests pass whatever their origin.
 */
final class CrossSiteRequests {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final String BEARER = "bearer ";

    private final RequestMatcher signedIn;
    private final ProblemSecurityHandlers problems;

    /** @param signedIn the requests that need a login, the only ones browser-held credentials can act through */
    CrossSiteRequests(RequestMatcher signedIn, ProblemSecurityHandlers problems) {
        this.signedIn = signedIn;
        this.problems = problems;
    }

    /** Refuses what another site starts with browser-held credentials, before they are even checked. */
    OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                if (changesState(request) && !byApiKey(request) && fromAnotherSite(request)) {
                    problems.crossSite(response, "Another site started this request; the API takes state-changing"
                            + " requests with browser-held credentials only from its own pages.");
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }

    /** The requests Spring Security's CSRF token guards: state-changing ones a session authenticates. */
    RequestMatcher sessionAuthenticated() {
        return request -> changesState(request) && !byApiKey(request) && request.isRequestedSessionIdValid();
    }

    /**
     * Makes CSRF tokens only for requests with a session (for the forms of pages staff open signed in): customers on
     * the hosted pages have no session and get neither a token nor a session for one.
     */
    static CsrfTokenRequestHandler sessionTokens() {
        XorCsrfTokenRequestAttributeHandler tokens = new XorCsrfTokenRequestAttributeHandler();
        return new CsrfTokenRequestHandler() {
            @Override
            public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
                if (request.getSession(false) != null) {
                    tokens.handle(request, response, token);
                }
            }

            @Override
            public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
                return tokens.resolveCsrfTokenValue(request, token);
            }
        };
    }

    private boolean changesState(HttpServletRequest request) {
        return !SAFE_METHODS.contains(request.getMethod()) && signedIn.matches(request);
    }

    private static boolean byApiKey(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.toLowerCase(Locale.ROOT).startsWith(BEARER);
    }

    /**
     * Fetch metadata where the browser sends it (same-site counts as another site: a sibling sub-domain is not
     * these pages), else the Origin, compared by host: behind a proxy the scheme and port may differ from ours.
     */
    private static boolean fromAnotherSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            return !site.equals("same-origin") && !site.equals("none");
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            return false;
        }
        try {
            String host = URI.create(origin.strip()).getHost();
            return host == null || !host.equalsIgnoreCase(request.getServerName());
        } catch (IllegalArgumentException malformed) {
            return true;
        }
    }
}

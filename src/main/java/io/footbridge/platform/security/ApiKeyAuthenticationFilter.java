package io.footbridge.platform.security;

import io.footbridge.platform.Actor;
import io.footbridge.platform.apikey.ApiKeyService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Authenticates {@code Authorization: Bearer <secret>}, checked on every request against credentials the node keeps
 * in memory; a revoked or rotated key stops working at once on the node that changed it and within a fraction of a
 * second on the others. Not a bean: it must run inside the security chain only.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiKeyService apiKeys;
    private final ProblemSecurityHandlers problems;

    ApiKeyAuthenticationFilter(ApiKeyService apiKeys, ProblemSecurityHandlers problems) {
        this.apiKeys = apiKeys;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Actor> actor = apiKeys.authenticate(header.substring(BEARER.length()).trim());
        if (actor.isEmpty()) {
            SecurityContextHolder.clearContext();
            problems.commence(request, response, new InvalidApiKeyException());
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ActorAuthentication(actor.get()));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}

package io.footbridge.platform.security;

import io.footbridge.platform.Actor;
import io.footbridge.platform.staff.StaffAccounts;
import io.footbridge.platform.staff.StaffLogin;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The staff console: a form login with a session cookie, CSRF tokens on every form and htmx request, and requests
 * from other sites refused. Ordered before the API's chain, which stays stateless; the same accounts, lock-out and
 * roles serve both.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ConsoleSecurity {

    /** The console's addresses: its home, its login and logout, its pages and the scripts it loads. */
    static final String[] PATHS = {"/", "/login", "/logout", "/console/**", "/webjars/**"};
    /** Where a refused request is answered, as a page. */
    static final String REFUSED = "/console/refused";

    @Bean
    @Order(1)
    SecurityFilterChain consoleChain(HttpSecurity http, StaffAccounts accounts) throws Exception {
        AccessDeniedHandlerImpl refused = new AccessDeniedHandlerImpl();
        refused.setErrorPage(REFUSED);
        LoginUrlAuthenticationEntryPoint login = new LoginUrlAuthenticationEntryPoint("/login");
        http
                .securityMatcher(PATHS)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/webjars/**", "/console/assets/**", REFUSED).permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false)
                        .failureHandler((request, response, ex) -> response.sendRedirect(request.getContextPath()
                                + (ex instanceof LoginLockedException ? "/login?locked" : "/login?error"))))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .deleteCookies("JSESSIONID"))
                .csrf(csrf -> csrf.csrfTokenRequestHandler(new UndecodableTokens()))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .addFilterAfter(new SameOrigin(), ExceptionTranslationFilter.class)
                .addFilterAfter(new CurrentStaff(accounts), SecurityContextHolderFilter.class)
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
                                + " frame-ancestors 'none'; form-action 'self'; base-uri 'none'")))
                .exceptionHandling(errors -> errors.accessDeniedHandler(refused)
                        .authenticationEntryPoint((request, response, ex) -> {
                            // htmx swaps answers into the page: send the whole window to the login instead
                            if (request.getHeader("HX-Request") != null) {
                                response.setHeader("HX-Redirect", request.getContextPath() + "/login");
                                response.setStatus(HttpStatus.UNAUTHORIZED.value());
                                return;
                            }
                            login.commence(request, response, ex);
                        }));
        return http.build();
    }

    /**
     * Refuses a change (any method but GET, HEAD, OPTIONS) that the browser says came from another site, or whose
     * Origin is not this server's, even with a valid CSRF token.
     */
    static final class SameOrigin extends OncePerRequestFilter {

        private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

        /** The refusal is shown by forwarding the same request: it must not be refused again. */
        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return request.getDispatcherType() != DispatcherType.REQUEST;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (!SAFE.contains(request.getMethod()) && !sameOrigin(request)) {
                throw new AccessDeniedException("cross-site request");
            }
            chain.doFilter(request, response);
        }

        private static boolean sameOrigin(HttpServletRequest request) {
            String site = request.getHeader("Sec-Fetch-Site");
            if (site != null && !site.equals("same-origin") && !site.equals("none")) {
                return false;
            }
            String origin = request.getHeader("Origin");
            if (origin == null) {
                return true;
            }
            int port = request.getServerPort();
            boolean defaultPort = port == 80 && "http".equals(request.getScheme())
                    || port == 443 && "https".equals(request.getScheme());
            String own = request.getScheme() + "://" + request.getServerName() + (defaultPort ? "" : ":" + port);
            return origin.equalsIgnoreCase(own);
        }
    }

    /**
     * Spring's masked CSRF tokens, except that a forged token which does not decode is a wrong token (403), not a
     * server error: the masked value is XORed back into bytes that need not be UTF-8.
     */
    static final class UndecodableTokens implements CsrfTokenRequestHandler {

        private final XorCsrfTokenRequestAttributeHandler masked = new XorCsrfTokenRequestAttributeHandler();

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response,
                           Supplier<CsrfToken> token) {
            masked.handle(request, response, token);
        }

        @Override
        public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
            try {
                return masked.resolveCsrfTokenValue(request, token);
            } catch (IllegalArgumentException undecodable) {
                return null;
            }
        }
    }

    /**
     * Reads the signed-in staff member's account again on every request, so a role, store or disabled flag changed
     * by an admin applies at once, as it does for the API, rather than when the session ends.
     */
    static final class CurrentStaff extends OncePerRequestFilter {

        private final StaffAccounts accounts;

        CurrentStaff(StaffAccounts accounts) {
            this.accounts = accounts;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication instanceof ActorAuthentication signedIn
                    && signedIn.getPrincipal().kind() == Actor.Kind.STAFF) {
                Actor before = signedIn.getPrincipal();
                Optional<Actor> now = accounts.findLogin(before.label())
                        .filter(login -> !login.disabled() && login.id().equals(before.id()))
                        .map(StaffLogin::toActor);
                if (now.isEmpty()) {
                    SecurityContextHolder.clearContext();
                    HttpSession session = request.getSession(false);
                    if (session != null) {
                        session.invalidate();
                    }
                } else if (!now.get().equals(before)) {
                    SecurityContext context = SecurityContextHolder.createEmptyContext();
                    context.setAuthentication(new ActorAuthentication(now.get()));
                    SecurityContextHolder.setContext(context);
                    request.getSession().setAttribute(
                            HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
                }
            }
            chain.doFilter(request, response);
        }
    }
}

package io.footbridge.platform.security;

import io.footbridge.platform.Scope;
import io.footbridge.platform.apikey.ApiKeyService;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.util.Arrays;
import java.util.Map;

/**
 * Staff authenticate with HTTP Basic, integrations with {@code Authorization: Bearer <api key>}. The API is
 * stateless: it makes no session. State-changing requests that browser-held credentials carry must come from our own
 * pages ({@link CrossSiteRequests}), and those a session authenticates (the staff console's) need Spring Security's
 * CSRF token. Health and the API description are public; metrics are for the installation admin and keys with the
 * metrics scope.
 */
/** Only when serving: command-line jobs run without a web server. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableMethodSecurity
class SecurityConfig {

    /** The paths that need a login; a new signed-in area (the console) joins them, and the cross-site rules with it. */
    private static final String[] SIGNED_IN = {"/api/**", "/actuator/**"};

    /**
     * Spring Security would otherwise wrap each of the chain's filters, and the authentication and authorization
     * managers, in observations of their own on every request: on the hot paths (a scan, an event, a redemption)
     * that was most of the request's time, and the request as a whole is still observed as {@code http.server.requests}.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeyService apiKeys, ProblemSecurityHandlers problems)
            throws Exception {
        RequestMatcher signedIn = new OrRequestMatcher(Arrays.stream(SIGNED_IN)
                .map(path -> PathPatternRequestMatcher.withDefaults().matcher(path)).toList());
        CrossSiteRequests crossSite = new CrossSiteRequests(signedIn, problems);
        http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health/**", "/actuator/info").permitAll()
                        // the whole installation's traffic: its operator, or a scraper's key with the metrics scope
                        .requestMatchers("/actuator/prometheus")
                        .hasAnyAuthority(Scope.METRICS.authority(), "ROLE_INSTALLATION_ADMIN")
                        .requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        .requestMatchers(SIGNED_IN).authenticated()
                        .anyRequest().permitAll())
                .httpBasic(basic -> basic.realmName("Footbridge").authenticationEntryPoint(problems))
                .addFilterBefore(crossSite.filter(), BasicAuthenticationFilter.class)
                .addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys, problems), BasicAuthenticationFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(crossSite.sessionAuthenticated())
                        .csrfTokenRequestHandler(CrossSiteRequests.sessionTokens()))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives("frame-ancestors 'none'")))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }
}

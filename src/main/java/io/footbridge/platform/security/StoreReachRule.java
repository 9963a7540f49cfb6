package io.footbridge.platform.security;

import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Keeps credentials bound to stores out of every API operation whose {@link Reach} is tenant-wide, before the
 * operation runs: one rule for the whole API instead of a check in each service.
 */
@Configuration(proxyBeanMethods = false)
class StoreReachRule implements WebMvcConfigurer, HandlerInterceptor {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof Actor actor) || actor.allStores()) {
            return true;
        }
        Reach.Level level = Reach.Level.of(method.getMethod());
        if (level == null || level == Reach.Level.TENANT_WIDE) {
            throw ProblemException.forbidden("This is the whole tenant's; credentials bound to stores cannot use it.");
        }
        return true;
    }
}

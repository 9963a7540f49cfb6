package io.footbridge.console.web;

import io.footbridge.platform.HostedPages;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.Set;

/**
 * The console speaks the language the person picked (kept in a cookie for a year), else their browser's. Picking
 * is a link with {@code ?lang=de}.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleLanguage implements WebMvcConfigurer, HandlerInterceptor {

    static final Set<String> LANGUAGES = Set.of("en", "de");
    private static final String COOKIE = "footbridge_lang";

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/", "/login", "/console/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String language = request.getParameter("lang");
        if (language != null && LANGUAGES.contains(language)) {
            Cookie cookie = new Cookie(COOKIE, language);
            cookie.setPath("/");
            cookie.setMaxAge(365 * 24 * 3600);
            cookie.setHttpOnly(true);
            cookie.setAttribute("SameSite", "Lax");
            response.addCookie(cookie);
        } else {
            language = null;
            if (request.getCookies() != null) {
                for (Cookie cookie : request.getCookies()) {
                    if (cookie.getName().equals(COOKIE) && LANGUAGES.contains(cookie.getValue())) {
                        language = cookie.getValue();
                    }
                }
            }
        }
        if (language != null) {
            request.setAttribute(HostedPages.LANGUAGE, language);
        }
        return true;
    }
}

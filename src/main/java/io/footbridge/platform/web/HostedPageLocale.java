package io.footbridge.platform.web;

import io.footbridge.platform.HostedPages;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.AcceptHeaderLocaleResolver;

import java.util.List;
import java.util.Locale;

/** Hosted pages speak their brand's language; anything else follows the browser, among the languages we have. */
@Configuration(proxyBeanMethods = false)
class HostedPageLocale {

    @Bean
    LocaleResolver localeResolver() {
        AcceptHeaderLocaleResolver browser = new AcceptHeaderLocaleResolver() {
            @Override
            public Locale resolveLocale(HttpServletRequest request) {
                Object language = request.getAttribute(HostedPages.LANGUAGE);
                return language instanceof String code ? Locale.forLanguageTag(code) : super.resolveLocale(request);
            }
        };
        browser.setSupportedLocales(List.of(Locale.ENGLISH, Locale.GERMAN));
        browser.setDefaultLocale(Locale.ENGLISH);
        return browser;
    }
}

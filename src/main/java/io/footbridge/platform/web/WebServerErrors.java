package io.footbridge.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;

/** Errors answered outside the controllers — by the web server and by the security firewall — as problem details. */
@Configuration(proxyBeanMethods = false)
class WebServerErrors {

    /** Runs after Spring Boot's own customizer, whose plain error report it replaces. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReport(JsonMapper json) {
        return factory -> factory.addContextCustomizers(context -> {
            Host host = (Host) context.getParent();
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
                    host.getPipeline().removeValve(valve);
                }
            }
            host.getPipeline().addValve(new ProblemReportValve(json));
            if (host instanceof StandardHost standard) {
                // the host would otherwise add Tomcat's own report on start, behind ours
                standard.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }

    /**
     * Paths the firewall refuses ({@code ;} parameters, {@code .} and {@code ..} segments, encoded ones): a 400
     * naming the path, instead of a bare status.
     */
    @Bean
    RequestRejectedHandler problemForRejectedRequests(JsonMapper json) {
        return (HttpServletRequest request, HttpServletResponse response, RequestRejectedException ex) -> {
            if (response.isCommitted()) {
                return;
            }
            response.reset();
            // the firewall's message says which part it refused; it is not passed on, as a header may quote data
            String what = ex.getMessage() == null ? "" : ex.getMessage().toLowerCase(java.util.Locale.ROOT);
            var problem = what.contains("header") ? Problems.malformed("headers", "contain a name or value that is"
                    + " not allowed (control characters, or bytes that are not text)")
                    : what.contains("parameter") ? Problems.malformed("query", "has a parameter name or value that"
                    + " is not allowed (control characters)")
                    : what.contains("method") ? Problems.malformed("method", "is not an HTTP method this server takes")
                    : Problems.malformed("path", "is not a normalised path (no ';' parameters, '.' or '..'"
                    + " segments, encoded or doubled slashes, control characters)");
            ErrorAnswers.write(request, response, problem, json);
        };
    }
}

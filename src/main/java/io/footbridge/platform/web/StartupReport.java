package io.footbridge.platform.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells the operator where the server and its API description are once it is ready. */
@Component
class StartupReport {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    @EventListener
    void ready(ApplicationReadyEvent event) {
        Environment env = event.getApplicationContext().getEnvironment();
        String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        String base = "http://localhost:" + port;
        log.info("Footbridge is ready at {} | API docs: {}/swagger-ui.html | OpenAPI: {}/v3/api-docs | health: {}/actuator/health",
                base, base, base, base);
        String publicUrl = env.getProperty("footbridge.public-url", "").strip();
        if (publicUrl.isEmpty()) {
            log.info("Links customers get (QR codes, messages, coupons, receipts) point at {}: set"
                    + " FOOTBRIDGE_PUBLIC_URL to the address phones reach before printing or sending any", base);
        } else {
            log.info("Links customers get point at {}", publicUrl);
        }
    }
}

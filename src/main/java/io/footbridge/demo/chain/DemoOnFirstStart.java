package io.footbridge.demo.chain;

import io.footbridge.demo.DemoWorld;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * {@code FOOTBRIDGE_DEMO=true}: builds the demo chain on the first start of an empty database, after the first
 * tenant is made, while the server already serves. A database with data of its own is left alone.
 */
@Component
@ConditionalOnProperty(name = "footbridge.demo", havingValue = "true")
@Order(Ordered.LOWEST_PRECEDENCE)
class DemoOnFirstStart implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoOnFirstStart.class);

    private final DemoInstaller installer;

    DemoOnFirstStart(DemoInstaller installer) {
        this.installer = installer;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (installer.demoTenant().isPresent()) {
            return;
        }
        if (installer.install(DemoWorld.Options.defaults(), System.out, System.out) != 0) {
            log.warn("FOOTBRIDGE_DEMO is set, but the database holds data already: no demo chain was built");
        }
    }
}

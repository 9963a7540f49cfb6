/**
 * The demo chain: a fictional store chain with a year of customers, sales and touchpoints, written through the same
 * services as live traffic (capture's {@link io.footbridge.capture.Backfill}, the platform's
 * {@link io.footbridge.platform.Provisioning}), so identity, consent and receipts react as they do in production.
 * {@code java -jar footbridge.jar demo} builds it and exits; {@code FOOTBRIDGE_DEMO=true} builds it on the first
 * start of an empty database. Tests build small ones through {@link io.footbridge.demo.DemoWorld}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Demo",
        allowedDependencies = {"platform", "audiences", "capture", "consent", "feedback", "identity", "journeys",
                "loyalty", "messaging", "offers", "receipts"})
package io.footbridge.demo;

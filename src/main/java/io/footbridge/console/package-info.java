/**
 * The staff console: server-rendered pages at {@code /} (Thymeleaf, htmx, ECharts, all served from the jar) for the
 * marketing lead, store managers and staff. It reads other modules' public APIs only and keeps its controllers thin.
 * Its public API is {@link io.footbridge.console.HomeFigures}, the figures of the home page, which a module that
 * computes them better (analytics) replaces with a {@code @Primary} implementation of its own.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Console",
        allowedDependencies = {"platform", "platform::apikeys", "platform::staff", "analytics", "audiences", "capture",
                "capture::imports", "consent", "feedback", "hosted", "identity", "journeys", "loyalty", "messaging",
                "offers", "profile", "receipts"})
package io.footbridge.console;

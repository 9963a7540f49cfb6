/**
 * Analytics: what the business wants to know from the data Footbridge holds — sales figures with capture rate,
 * customers new and returning, repeat and retention rates, NPS, customer lifetime value (BG/NBD and Gamma-Gamma),
 * and the comparison engine that tells whether a group really did better than its control. Everything is internal;
 * other modules are read through their public APIs.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Analytics",
        allowedDependencies = {"platform", "capture", "feedback", "identity"})
package io.footbridge.analytics;

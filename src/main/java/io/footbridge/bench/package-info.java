/**
 * What the modules' {@code bench} commands share: the open-loop load generator and the reading of their options.
 * Nothing here runs in the application itself.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Benchmark tools",
        allowedDependencies = {"platform"})
package io.footbridge.bench;

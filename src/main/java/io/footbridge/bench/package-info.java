/**
 * What the modules' {@code bench} commands share: the open-loop load generator, the API calls they set themselves
 * up with and table statistics; they read their options with {@link io.footbridge.platform.CommandOptions}. Nothing
 * here runs in the application itself.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Benchmark tools",
        allowedDependencies = {"platform"})
package io.footbridge.bench;

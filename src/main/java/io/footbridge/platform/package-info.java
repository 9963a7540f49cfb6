/**
 * Tenants (brands), stores, staff users, API keys with scopes, the audit log and the problem-details error model:
 * what every other module stands on. The types in this package are the module's public API; sub-packages are
 * internal.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Platform",
        allowedDependencies = {})
package io.footbridge.platform;

/**
 * Staff accounts: created, changed and disabled by the tenant's admins through {@link io.footbridge.platform.staff.StaffAccounts},
 * which the API and the console both use, so the installation-admin and last-admin rules hold for both.
 */
@org.springframework.modulith.NamedInterface("staff")
package io.footbridge.platform.staff;

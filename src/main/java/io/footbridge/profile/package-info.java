/**
 * Profile: the customer 360. Reads who a person is from {@link io.footbridge.identity.IdentityGraph} and what
 * they did from {@link io.footbridge.capture.CaptureLog}: identifiers, traits, computed attributes and a timeline
 * across stores and channels.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Profile",
        allowedDependencies = {"platform", "capture", "identity"})
package io.footbridge.profile;

/**
 * Identity: normalises the identifiers that captured events carry and links them into profiles, one per person.
 * It follows the capture log, merges profiles that an event proves to be one person, holds them apart when a rule
 * says so (a review item for staff), and can split a merge again. Other modules read profiles through
 * {@link io.footbridge.identity.IdentityGraph}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity",
        allowedDependencies = {"platform", "capture"})
package io.footbridge.identity;

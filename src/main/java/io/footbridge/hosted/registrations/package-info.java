/**
 * A person's registrations for listed events (workshops, tastings), read by other modules: the loyalty member page
 * shows the member's upcoming ones and the events kept for their tier; loyalty tells which tier an e-mail's holder
 * has through {@link io.footbridge.hosted.registrations.EventTiers}.
 */
@org.springframework.modulith.NamedInterface("registrations")
package io.footbridge.hosted.registrations;

/**
 * A person's registrations for listed events (workshops, tastings), read by other modules: the loyalty member page
 * shows the member's upcoming ones.
 */
@org.springframework.modulith.NamedInterface("registrations")
package io.footbridge.hosted.registrations;

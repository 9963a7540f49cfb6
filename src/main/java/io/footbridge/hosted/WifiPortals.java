package io.footbridge.hosted;

import io.footbridge.platform.Actor;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The in-store Wi-Fi portal for staff pages: access points and the wording guests agree to, with the same checks
 * and store bindings as the Wi-Fi API. Problems come as {@link io.footbridge.platform.ProblemException}s naming the
 * field.
 */
public interface WifiPortals {

    /** The systems whose external captive portal Footbridge can be. */
    List<String> VENDORS = List.of("meraki", "unifi", "opennds");

    /** An access point; {@code portalUrl} holds its secret key and is given only where it is set up. */
    record AccessPoint(UUID id, String vendor, String node, String store, String label, Instant createdAt,
                       String portalUrl) {
    }

    record NewAccessPoint(String vendor, String node, String store, String label, String secret,
                          String gatewayAddress) {
    }

    /**
     * One version of the portal's wording; a marketing text that is null is not asked for, nor are the loyalty club's
     * own messages without {@code club}.
     */
    record Wording(int version, String terms, String marketingEmail, String marketingSms, Instant createdAt,
                   String createdBy, String club) {
    }

    /** The caller's access points (of one store when a code is given), without their portal URLs. */
    List<AccessPoint> accessPoints(Actor actor, String storeCode);

    /** Registers an access point; the answer carries its portal URL, to be copied into its controller. */
    AccessPoint add(Actor actor, NewAccessPoint accessPoint);

    /** An access point with its portal URL, for someone who may set it up again. */
    AccessPoint withPortalUrl(Actor actor, UUID id);

    /** The wording's versions, newest first. */
    List<Wording> wordings(Actor actor);

    Wording newWording(Actor actor, String terms, String marketingEmail, String marketingSms, String club);
}

package io.footbridge.hosted.registrations;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The loyalty tiers a listed event may be kept for, and the tier of the person an e-mail address belongs to. The
 * loyalty module provides it: loyalty reads registrations through this package, so hosted asks through an interface
 * of its own here instead of depending on loyalty in turn.
 */
public interface EventTiers {

    /** The tiers of the tenant's programme, lowest first; empty without a programme or without tiers. */
    List<String> names(UUID tenantId);

    /** The tier held by the person this e-mail address belongs to (the higher one with two cards); else empty. */
    Optional<String> tierOfEmail(UUID tenantId, String email);
}

package io.footbridge.consent;

import java.util.UUID;

/**
 * Signed links a message carries: one-click unsubscribe (RFC 8058) and the preference centre. They name the
 * person and the address without a login and cannot be altered.
 */
public interface PreferenceLinks {

    /** The List-Unsubscribe URL: a POST with {@code List-Unsubscribe=One-Click} withdraws, a GET shows a page. */
    String unsubscribe(UUID tenantId, UUID profileId, Channel channel, String address, UUID messageId);

    /** The preference centre for the person (or, without a profile, for the address). */
    String preferenceCentre(UUID tenantId, UUID profileId, Channel channel, String address);
}

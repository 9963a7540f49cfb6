package io.footbridge.consent.pages;

import io.footbridge.consent.Channel;

import java.util.Optional;
import java.util.UUID;

/**
 * What an unsubscribe or preference link stands for. It names the person by profile id; only when the person is
 * not known does it carry the address itself.
 */
record LinkToken(UUID tenantId, UUID profileId, Channel channel, String address, UUID messageId) {

    static final String UNSUBSCRIBE = "unsubscribe";
    static final String PREFERENCES = "preferences";

    String payload() {
        return "v1|" + tenantId + "|" + text(profileId) + "|" + channel.value() + "|" + text(messageId) + "|"
                + (profileId == null && address != null ? address : "");
    }

    static Optional<LinkToken> parse(String payload) {
        // the address comes last and may itself hold a '|'
        String[] parts = payload.split("\\|", 6);
        if (parts.length != 6 || !parts[0].equals("v1")) {
            return Optional.empty();
        }
        try {
            return Channel.of(parts[3]).map(channel -> new LinkToken(UUID.fromString(parts[1]), uuid(parts[2]),
                    channel, parts[5].isEmpty() ? null : parts[5], uuid(parts[4])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String text(UUID id) {
        return id == null ? "" : id.toString();
    }

    private static UUID uuid(String text) {
        return text.isEmpty() ? null : UUID.fromString(text);
    }
}

package io.footbridge.identity.graph;

import io.footbridge.identity.IdentifierType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How identifiers link profiles.
 *
 * @param defaultCountry   country for phone numbers without a prefix on events with no store (ISO 3166), or empty
 * @param maxPerProfile    how many identifiers of a type one person may hold; a merge beyond it is refused. A
 *                         limit of 1 makes the type one that must never conflict: two values raise a review item
 * @param trust            how far events are believed, by source ({@code pos}, {@code import}, {@code api} …) and
 *                         by event type ({@code trust[wifi.login]=low}), the type winning; low, medium or high
 * @param mergeTrust       the trust an event needs to merge two profiles that both existed before it
 * @param overSharedAfter  refusals after which an identifier is taken to be shared by many people and no longer
 *                         links (and the merges it made are undone)
 * @param denied           values never used for linking, as {@code type:value} ({@code email:test@test.com})
 * @param probableLinkAbove   match probability from which a new person who shares no identifier with anyone is
 *                            joined to the person whose name, birth date and address they share
 * @param probableReviewAbove probability from which such a pair is put to staff as a review item
 */
@ConfigurationProperties("footbridge.identity")
public record IdentityProperties(@DefaultValue("") String defaultCountry,
                                 Map<String, Integer> maxPerProfile,
                                 Map<String, Trust> trust,
                                 @DefaultValue("medium") Trust mergeTrust,
                                 @DefaultValue("3") int overSharedAfter,
                                 @DefaultValue({"email:test@test.com", "email:test@example.com",
                                         "email:noemail@noemail.com", "email:no@email.com", "email:none@none.com",
                                         "email:noreply@example.com"}) List<String> denied,
                                 @DefaultValue("0.9") double probableLinkAbove,
                                 @DefaultValue("0.5") double probableReviewAbove) {

    public enum Trust { LOW, MEDIUM, HIGH }

    private static final Map<String, Integer> DEFAULT_MAX = Map.of("loyaltyId", 1, "birthDate", 1, "email", 5,
            "phone", 3, "deviceId", 20, "anonymousId", 50);
    private static final Map<String, Trust> DEFAULT_TRUST = Map.of("pos", Trust.HIGH, "import", Trust.HIGH,
            "api", Trust.MEDIUM, "batch", Trust.MEDIUM, "wifi.login", Trust.LOW, "web.page_view", Trust.LOW,
            "feedback.submitted", Trust.LOW, "qr.scan", Trust.LOW, "beacon.sighting", Trust.LOW);

    /** What is configured wins over the defaults, key by key. */
    public IdentityProperties {
        maxPerProfile = merged(DEFAULT_MAX, maxPerProfile);
        trust = merged(DEFAULT_TRUST, trust);
    }

    private static <V> Map<String, V> merged(Map<String, V> defaults, Map<String, V> configured) {
        Map<String, V> map = new LinkedHashMap<>(defaults);
        if (configured != null) {
            map.putAll(configured);
        }
        return Map.copyOf(map);
    }

    int max(IdentifierType type) {
        return maxPerProfile.getOrDefault(type.key(), Integer.MAX_VALUE);
    }

    Trust trustOf(String source, String eventType) {
        return trust.getOrDefault(eventType, trust.getOrDefault(source, Trust.MEDIUM));
    }
}

package io.footbridge.profile;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Everything known of one person, as the 360 answers it. */
public record CustomerView(UUID id, Instant firstSeenAt, List<Identifier> identifiers, Map<String, String> traits,
                    Attributes attributes) {

    public record Identifier(String type, String value, String original, Instant firstSeenAt, String firstStore,
                      String firstSeenIn, Instant lastSeenAt, String lastStore, String lastSeenIn, long events,
                      boolean denied) {
    }

    /**
     * @param visits    days with an event in a store, counted per store in its own time zone
     * @param orders    sales less voided ones
     * @param spend     per currency, net of refunds and voids, in minor units
     * @param eventsRead how many of the newest events these figures cover
     */
    public record Attributes(Instant firstSeenAt, Instant lastSeenAt, long events, long visits, long orders,
                      List<Spend> spend, List<String> favouriteCategories, List<String> channels,
                      List<String> stores, String preferredStore, int eventsRead) {
    }

    public record Spend(String currency, long total, long averageOrder) {
    }
}

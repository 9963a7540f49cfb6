package io.footbridge.platform;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How often something happened in one store in one quarter of an hour, and what money it moved (minor units of
 * {@code key}'s currency, when the key names one). Figures are built from tallies and bucketed afterwards into days
 * on each store's own clock: every time zone's offset is a whole number of quarter hours.
 *
 * @param storeId null for what happened in no store (online, by API)
 * @param key     what was counted, such as a currency or a channel
 */
public record Tally(UUID storeId, Instant quarter, String key, long count, long amount) {

    /** Seconds in a quarter of an hour. */
    public static final int QUARTER = 900;

    /** SQL for the start of a timestamp column's quarter hour, in seconds since the epoch; H2 and PostgreSQL alike. */
    public static String quarterOf(String column) {
        return "FLOOR(EXTRACT(EPOCH FROM " + column + ") / " + QUARTER + ")";
    }

    /** Builds a tally from {@link #quarterOf}'s value. */
    public static Tally of(UUID storeId, long quarterNumber, String key, long count, long amount) {
        return new Tally(storeId, Instant.ofEpochSecond(quarterNumber * QUARTER), key, count, amount);
    }

    /**
     * The parameters of a query over a window and some stores: {@code tenantId}, {@code from}, {@code to},
     * {@code allStores} and {@code storeIds}, for the clause
     * {@code (:allStores OR store_id IN (:storeIds))}. {@code storeIds} null means every store.
     */
    public static Map<String, Object> window(UUID tenantId, Collection<UUID> storeIds, Instant from, Instant to) {
        return Map.of("tenantId", tenantId, "from", Timestamps.of(from), "to", Timestamps.of(to),
                "allStores", storeIds == null,
                "storeIds", storeIds == null || storeIds.isEmpty() ? List.of(new UUID(0, 0)) : storeIds);
    }
}

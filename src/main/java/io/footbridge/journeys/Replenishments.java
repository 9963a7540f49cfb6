package io.footbridge.journeys;

import io.footbridge.platform.Actor;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Replenishment and service reminders: per person and SKU or category, the day they are expected to buy again —
 * their own median interval between purchase days, or the item's typical interval (the median of its repeat buyers'
 * intervals) when they bought it once. Reading needs {@code journeys:read} or {@code stores:read}; staff see the
 * people whose last purchase of the item was at one of their stores.
 */
public interface Replenishments {

    /**
     * {@code kind} sku or category; {@code intervalDays} the person's own median interval, null when they bought it
     * once and {@code expected} follows from the item's typical interval; days are the store's calendar days.
     */
    record Due(UUID personId, String kind, String item, UUID storeId, String storeCode, int purchases,
               LocalDate lastPurchase, Integer intervalDays, LocalDate expected) {
    }

    /** Expected purchases on the days [{@code from}, {@code from} + {@code days}), soonest first, then by store. */
    List<Due> due(Actor actor, LocalDate from, int days, int limit);
}

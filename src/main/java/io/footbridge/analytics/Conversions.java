package io.footbridge.analytics;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Online-to-offline conversion of a period of days (definitions in docs/analytics.md): of the people with an online
 * touch, the share who bought in a store within some days after one; and the reverse, of the store's buyers, the
 * share who then visited or bought online. People are counted as identity sees them now.
 */
public interface Conversions {

    /** Days after a touch that a purchase still counts, unless asked otherwise. */
    int DEFAULT_DAYS = 14;

    /** One source (an event type): the people with such a touch in the period, and those of them who converted. */
    record Source(String source, long people, long converted, Double rate) {
    }

    /** One direction: people with any of its touches in the period, those who converted, and per source. */
    record Direction(long people, long converted, Double rate, List<Source> bySource) {
    }

    /**
     * @param onlineToStore people with an online touch (web visit, message click, receipt call to action, QR scan)
     *                      in the period who bought in a store within {@code days} after one
     * @param storeToOnline store buyers in the period who visited the web site or bought online within
     *                      {@code days} after a store purchase
     */
    record Figures(LocalDate from, LocalDate to, int days, String store, Direction onlineToStore,
                   Direction storeToOnline) {
    }

    /**
     * @param storeIds the stores whose sales count, null for every store; the caller has checked the reader may see
     *                 them
     */
    Figures of(UUID tenantId, Set<UUID> storeIds, String store, LocalDate first, LocalDate last, int days);
}

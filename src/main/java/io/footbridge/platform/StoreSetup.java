package io.footbridge.platform;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Stores as staff pages set them up: the same service and rules as the stores API (tenant admins create; managers
 * change their own store). Problems come as {@link ProblemException}s naming the field.
 */
public interface StoreSetup {

    /** {@code hours}: each weekday's intervals as a form shows them, "10:00-13:00, 14:00-18:00", empty when closed. */
    record StoreDetails(UUID id, String code, String name, String city, String country, String timeZone,
                        String currency, Instant createdAt, Instant archivedAt, Map<DayOfWeek, String> hours) {
    }

    /**
     * A store's details as a form gives them; the address is kept as it was when changing. {@code hours} as in
     * {@link StoreDetails}, a blank day closed; null keeps the hours as they were. A day's mistakes are reported on
     * the field {@code hours.monday} (and so on).
     */
    record StoreForm(String code, String name, String country, String timeZone, String currency,
                     Map<DayOfWeek, String> hours) {

        public StoreForm(String code, String name, String country, String timeZone, String currency) {
            this(code, name, country, timeZone, currency, null);
        }
    }

    /** The stores the caller may see, by code. */
    List<StoreDetails> list(Actor actor, int limit, int offset);

    StoreDetails get(Actor actor, UUID id);

    StoreDetails create(Actor actor, StoreForm store);

    StoreDetails change(Actor actor, UUID id, StoreForm store);
}

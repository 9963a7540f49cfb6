package io.footbridge.platform;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Stores as staff pages set them up: the same service and rules as the stores API (tenant admins create; managers
 * change their own store). Problems come as {@link ProblemException}s naming the field.
 */
public interface StoreSetup {

    record StoreDetails(UUID id, String code, String name, String city, String country, String timeZone,
                        String currency, Instant createdAt, Instant archivedAt) {
    }

    /** A store's details as a form gives them; the address is kept as it was when changing. */
    record StoreForm(String code, String name, String country, String timeZone, String currency) {
    }

    /** The stores the caller may see, by code. */
    List<StoreDetails> list(Actor actor, int limit, int offset);

    StoreDetails get(Actor actor, UUID id);

    StoreDetails create(Actor actor, StoreForm store);

    StoreDetails change(Actor actor, UUID id, StoreForm store);
}

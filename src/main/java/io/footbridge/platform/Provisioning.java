package io.footbridge.platform;

import java.util.List;
import java.util.UUID;

/**
 * Sets a tenant up from code, as its admin would through the API: stores and staff accounts. For in-process writers
 * such as the demo chain.
 */
public interface Provisioning {

    /** A store as {@code POST /api/v1/stores} takes it. */
    record NewStore(String code, String name, String street, String postcode, String city, String country,
                    String timeZone, String currency, double latitude, double longitude,
                    List<OpeningHours> openingHours) {
    }

    StoreRef createStore(Actor admin, NewStore store);

    /** @param role admin, marketer or store_manager (bound to {@code storeCodes}) */
    UUID createStaff(Actor admin, String email, String name, String role, String password, List<String> storeCodes);
}

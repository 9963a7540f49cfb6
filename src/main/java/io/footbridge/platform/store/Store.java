package io.footbridge.platform.store;

import io.footbridge.platform.OpeningHours;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A physical location of the tenant: where sales, scans and logins happen, and when it is open. */
record Store(UUID id, String code, String name, Address address, String country, String timeZone,
             String currency, Double latitude, Double longitude, Instant createdAt, Instant updatedAt,
             Instant archivedAt, List<OpeningHours> openingHours) {

    record Address(String line1, String line2, String city, String postcode, String region) {
    }
}

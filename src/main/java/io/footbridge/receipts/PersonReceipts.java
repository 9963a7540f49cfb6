package io.footbridge.receipts;

import io.footbridge.platform.PersonalData;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** A person's digital receipts, for staff looking at the customer. */
public interface PersonReceipts {

    /** A receipt as staff see it; {@code total} and {@code refunded} in minor units of {@code currency}. */
    record Summary(UUID id, String transactionId, UUID storeId, Instant occurredAt, String currency, long total,
                   long refunded, boolean voided, String channel, String delivery, int views) {
    }

    /** The newest receipts of the person in these stores (null: every store), found by what they gave at the till. */
    List<Summary> recent(PersonalData.Person person, Collection<UUID> storeIds, int limit);
}

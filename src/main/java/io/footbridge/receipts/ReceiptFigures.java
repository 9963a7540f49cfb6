package io.footbridge.receipts;

import io.footbridge.platform.Tally;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Digital receipts counted for figures such as the console's home page. */
public interface ReceiptFigures {

    /**
     * Receipts of sales in [from, to) in these stores (null: every store): key {@code opened} when the customer
     * opened the message or the page, else {@code unopened}.
     */
    List<Tally> receipts(UUID tenantId, Collection<UUID> storeIds, Instant from, Instant to);
}

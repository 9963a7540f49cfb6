package io.footbridge.receipts;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A receipt as other modules need it.
 *
 * @param channel     how it was sent: email, sms or whatsapp
 * @param address     where it was sent (normalised); null once the person was erased
 * @param identifiers what the customer gave at the till, as typed (email, phone, loyaltyId); empty once erased
 * @param voided      the sale was voided at the till
 */
public record ReceiptRef(UUID id, UUID tenantId, String transactionId, UUID storeId, Instant occurredAt,
                         String channel, String address, Map<String, String> identifiers, boolean voided,
                         boolean erased) {
}

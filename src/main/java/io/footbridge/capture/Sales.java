package io.footbridge.capture;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads POS sales as the till recorded them, for modules that show or act on a sale (a digital receipt, a survey
 * about a visit). Amounts are minor units of {@code currency}; times are UTC.
 */
public interface Sales {

    /**
     * One line of a sale; {@code amount} is quantity × unitPrice − discount. {@code productUrl} is the catalogue's
     * page for the SKU, when the catalogue has one.
     */
    record Line(int lineNo, String sku, String name, String category, int quantity, long unitPrice, long discount,
                long amount, String productUrl) {
    }

    /** A refund or void recorded against the sale, with its lines when the till sent them. */
    record Reversal(String transactionId, String kind, Instant occurredAt, long total, List<Line> lines) {

        public boolean isVoid() {
            return "void".equals(kind);
        }
    }

    /** What the customer gave at the till, exactly as typed; null fields were not given (or were erased). */
    record Customer(String email, String phone, String loyaltyId) {
    }

    /**
     * A sale. {@code total} = lines − {@code discount} (+ {@code tax} unless {@code taxIncluded}); {@code receipt}
     * is the customer's choice at the till: email, sms, whatsapp, print, none, or null when the till did not ask.
     */
    record Sale(UUID tenantId, String transactionId, UUID storeId, String storeCode, String register,
                Instant occurredAt, String currency, List<Line> lines, long subtotal, long discount, long tax,
                boolean taxIncluded, long total, String paymentMethod, Customer customer, String receipt,
                List<Reversal> reversals) {

        public boolean voided() {
            return reversals.stream().anyMatch(Reversal::isVoid);
        }

        /** What has been given back through refunds (a void reverses the whole sale and is not counted here). */
        public long refunded() {
            return reversals.stream().filter(r -> !r.isVoid()).mapToLong(Reversal::total).sum();
        }
    }

    /** The sale with this POS transaction id in the tenant, with its refunds and voids; empty for refunds and voids. */
    Optional<Sale> find(UUID tenantId, String transactionId);
}

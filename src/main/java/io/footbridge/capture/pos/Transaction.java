package io.footbridge.capture.pos;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A captured POS transaction; the same answer on every retry of the same transactionId. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Transaction(UUID id, String transactionId, TransactionRequest.Kind type, String originalTransactionId,
                   String store, String register, String staff, Instant occurredAt, Instant receivedAt,
                   String currency, List<Line> lines, long subtotal, long discount, long tax, boolean taxIncluded,
                   long total, String paymentMethod, TransactionRequest.Customer customer,
                   TransactionRequest.ReceiptPreference receipt, List<TransactionRequest.ConsentTick> consents) {

    record Line(int lineNo, String sku, String name, String category, int quantity, long unitPrice, long discount,
                long amount) {
    }
}

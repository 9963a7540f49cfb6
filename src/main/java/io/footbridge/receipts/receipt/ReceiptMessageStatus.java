package io.footbridge.receipts.receipt;

import io.footbridge.messaging.MessageStatusChanged;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;

/**
 * Follows the messages receipts went out in (sent, delivered, opened, clicked, or failed), for the delivery, open
 * and click rates. Messaging reports every message's changes; those of other origins are not ours.
 */
@Component
class ReceiptMessageStatus {

    /** How far along sent → delivered → opened → clicked; failures are below zero and always recorded. */
    private static final Map<String, Integer> RANK = Map.of("sent", 1, "delivered", 2, "opened", 3, "clicked", 4,
            "failed", -1, "bounced", -1, "complained", -1, "unknown", -1);

    private final ReceiptRepository repository;

    ReceiptMessageStatus(ReceiptRepository repository) {
        this.repository = repository;
    }

    @ApplicationModuleListener
    void on(MessageStatusChanged changed) {
        Integer rank = RANK.get(changed.status());
        if (!ReceiptDelivery.ORIGIN.equals(changed.origin()) || rank == null) {
            return;
        }
        if (repository.messageStatus(changed.tenantId(), changed.messageId(), changed.status(), rank,
                rank < 0 ? changed.status() : null, Instant.now()) > 0) {
            repository.message(changed.tenantId(), changed.messageId()).ifPresent(message ->
                    repository.deliveryOf(changed.messageId(), message.status(), message.reason()));
        }
    }
}

package io.footbridge.receipts.receipt;

import io.footbridge.capture.EventRecorder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts a person's visit to a receipt and a click on its calls to action, and puts each on their timeline once: the
 * one way the receipt page and in-process callers (the demo's customers, at their own moments) count them.
 */
@Component
class Visits {

    private final ReceiptRepository repository;
    private final EventRecorder events;
    private final TransactionTemplate transaction;
    private final JsonMapper json;

    Visits(ReceiptRepository repository, EventRecorder events, TransactionTemplate transaction, JsonMapper json) {
        this.repository = repository;
        this.events = events;
        this.transaction = transaction;
        this.json = json;
    }

    /** The page was opened at {@code at} and showed these calls to action. */
    void viewed(ReceiptRepository.Receipt receipt, List<ReceiptContent.Offered> ctas, Instant at) {
        transaction.executeWithoutResult(status -> {
            repository.viewed(receipt.id(), at);
            if (receipt.firstViewedAt() == null) {
                record(receipt, "receipt-viewed:" + receipt.id(), "receipt.viewed", at, Map.of());
            }
            for (ReceiptContent.Offered cta : ctas) {
                repository.shown(receipt.id(), receipt.tenantId(), cta.cta(), false, true);
                repository.markShown(receipt.id(), cta.cta(), false, true);
            }
        });
    }

    /** A call to action was followed at {@code at}; {@code properties} go on the timeline's event. */
    void clicked(ReceiptRepository.Receipt receipt, String cta, boolean fromMessage, Map<String, Object> properties,
                 Instant at) {
        transaction.executeWithoutResult(status -> {
            repository.shown(receipt.id(), receipt.tenantId(), cta, false, false);
            repository.click(receipt.id(), cta, fromMessage, at);
            Map<String, Object> props = new LinkedHashMap<>(properties);
            props.put("cta", cta);
            record(receipt, "receipt-cta:" + receipt.id() + ":" + cta, "receipt.cta_clicked", at, props);
        });
    }

    /** Puts the view or click on the customer's timeline, once per receipt (and call to action). */
    private void record(ReceiptRepository.Receipt receipt, String eventId, String type, Instant at,
                        Map<String, Object> extra) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("receiptId", receipt.id().toString());
        properties.put("transactionId", receipt.transactionId());
        properties.put("channel", receipt.channel());
        properties.putAll(extra);
        events.record(receipt.tenantId(), "receipts", List.of(new EventRecorder.NewEvent(eventId, type, at,
                receipt.storeId(), null, receipt.identifiers(), json.writeValueAsString(properties))));
    }
}

package io.footbridge.receipts;

import java.util.Optional;
import java.util.UUID;

/** Reads receipts for other modules: a survey answered about a receipt, a case opened from it. */
public interface Receipts {

    /** The receipt in the tenant; another tenant's id answers empty, like an unknown one. */
    Optional<ReceiptRef> find(UUID tenantId, UUID receiptId);
}

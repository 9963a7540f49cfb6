package io.footbridge.receipts;

import java.util.Optional;
import java.util.UUID;

/**
 * The survey behind a receipt's "tell us how we did", implemented by the module that runs surveys. Receipts only
 * hold the survey's id; this keeps the dependency one way (surveys know receipts, receipts know this interface).
 */
public interface ReceiptSurveys {

    /** Why this survey cannot be linked from receipts (unknown in the tenant, archived); empty when it can. */
    Optional<String> problem(UUID tenantId, UUID surveyId);

    /** The link to the survey about this receipt; empty when the survey cannot be answered now. */
    Optional<String> link(UUID tenantId, UUID surveyId, UUID receiptId);

    /** Whether the survey about this receipt was answered already. */
    boolean answered(UUID tenantId, UUID receiptId);
}

package io.footbridge.consent;

import java.util.UUID;

/**
 * A marketing email grant waits for the person to confirm it (double opt-in): messaging sends the confirmation
 * link. Only ids travel; the address is read through {@link Consents#confirmation}.
 */
public record ConfirmationRequested(UUID tenantId, UUID confirmationId) {
}

package io.footbridge.loyalty.ledger;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A customer joining at the till with their loyalty number (a card), and their phone or e-mail when given. */
record JoinRequest(@NotBlank @Size(max = 64) String loyaltyId,
                   @Size(max = 64) String phone,
                   @Size(max = 254) String email,
                   @NotBlank @Size(max = 32) String store) {
}

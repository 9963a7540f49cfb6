package io.footbridge.loyalty.ledger;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A customer joining at the till with their loyalty number (a card), their phone or e-mail when given, and the
 * referral code of the member who brought them when they have one.
 */
record JoinRequest(@NotBlank @Size(max = 64) String loyaltyId,
                   @Size(max = 64) String phone,
                   @Size(max = 254) String email,
                   @NotBlank @Size(max = 32) String store,
                   @Size(max = 32) String referralCode) {
}

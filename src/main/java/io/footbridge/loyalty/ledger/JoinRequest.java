package io.footbridge.loyalty.ledger;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * A customer joining at the till with their loyalty number (a card), their phone or e-mail when given, the referral
 * code of the member who brought them when they have one, and their answer to the club's own consent question
 * (asked apart from the shop's marketing): a tick per channel with the version of the wording they were shown.
 */
record JoinRequest(@NotBlank @Size(max = 64) String loyaltyId,
                   @Size(max = 64) String phone,
                   @Size(max = 254) String email,
                   @NotBlank @Size(max = 32) String store,
                   @Size(max = 32) String referralCode,
                   @Size(max = 3) List<@NotNull @Valid ClubConsent> consents) {

    /** The club's messages on {@code channel}: granted or not, under the wording {@code wordingVersion}. */
    record ClubConsent(@NotNull @Pattern(regexp = "email|sms|whatsapp", message = "must be email, sms or whatsapp")
                       String channel,
                       @NotNull Boolean granted,
                       @NotBlank @Size(max = 64) String wordingVersion) {
    }

    List<ClubConsent> consentsOrNone() {
        return consents == null ? List.of() : consents;
    }
}

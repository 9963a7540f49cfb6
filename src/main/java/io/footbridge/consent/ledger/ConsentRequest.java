package io.footbridge.consent.ledger;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/**
 * A permission given or withdrawn, as staff or an integration report it.
 *
 * @param source     where it happened: pos, form, phone_call, email_reply, staff … (lower case, digits, _)
 * @param address    the email or phone it is for, when it is for one of the person's addresses only
 * @param store      the store code, when it was given in a store
 * @param occurredAt when it was given; now when left out
 */
record ConsentRequest(@NotNull Channel channel, @NotNull Purpose purpose, @NotNull Boolean granted,
                      @NotNull @Pattern(regexp = "[a-z][a-z0-9_]{0,23}", message = "must be 1 to 24 lower-case letters, digits or _, starting with a letter") String source,
                      @Size(max = 64) String wordingVersion, Instant occurredAt, @Size(max = 320) String address,
                      @Size(max = 64) String store, @Valid Evidence evidence) {

    /** The proof: from where and with what a form was sent, who was at the till, which message was answered. */
    record Evidence(@Size(max = 64) String ip, @Size(max = 300) String userAgent, @Size(max = 64) String staffId,
                    @Size(max = 128) String messageId, @Size(max = 300) String note) {
    }
}

package io.footbridge.messaging.channel;

import io.footbridge.consent.Purpose;

import java.time.Duration;
import java.util.Set;

/** What a provider made of a message. */
public sealed interface Delivery {

    /** Accepted; {@code delivered} when the provider is the last hop (the development outbox). */
    record Accepted(String providerId, boolean delivered) implements Delivery {
    }

    /** Failed for a reason that may pass (a timeout, a 4xx from SMTP, a 5xx or 429 from an API): try again. */
    record Retry(String reason, Duration after) implements Delivery {
    }

    /**
     * The request left but no answer came back (a read timeout, a connection dropped mid-way): the provider may have
     * the message. It is not tried again, so that nobody gets it twice.
     */
    record Unknown(String reason) implements Delivery {
    }

    /**
     * Failed for good. {@code unreachable}: the address itself is the problem (no such mailbox, not a mobile
     * number) and goes on the suppression list. {@code withdrawn}: the provider says the person opted out with it
     * (replied STOP to the carrier, blocked marketing in WhatsApp); these purposes are withdrawn in the ledger.
     */
    record Failed(String reason, boolean unreachable, Set<Purpose> withdrawn) implements Delivery {

        public Failed {
            withdrawn = withdrawn == null ? Set.of() : Set.copyOf(withdrawn);
        }

        public Failed(String reason, boolean unreachable) {
            this(reason, unreachable, Set.of());
        }
    }
}

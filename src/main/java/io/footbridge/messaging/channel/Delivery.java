package io.footbridge.messaging.channel;

import java.time.Duration;

/** What a provider made of a message. */
public sealed interface Delivery {

    /** Accepted; {@code delivered} when the provider is the last hop (the development outbox). */
    record Accepted(String providerId, boolean delivered) implements Delivery {
    }

    /** Failed for a reason that may pass (a timeout, a 4xx from SMTP, a 5xx or 429 from an API): try again. */
    record Retry(String reason, Duration after) implements Delivery {
    }

    /**
     * Failed for good. {@code unreachable}: the address itself is the problem (no such mailbox, not a mobile
     * number) and goes on the suppression list.
     */
    record Failed(String reason, boolean unreachable) implements Delivery {
    }
}

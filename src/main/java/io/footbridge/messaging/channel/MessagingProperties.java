package io.footbridge.messaging.channel;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How messages go out.
 *
 * @param workers      messages sent at once on this node
 * @param pollInterval how often the queue is looked at when nothing poked it
 * @param batchSize    messages one worker claims at a time
 * @param lease        how long a claimed message may take; one still sending after that is marked {@code unknown}
 *                     rather than sent again, as it may have gone out
 * @param maxAttempts  tries of a message whose provider keeps failing for a passing reason
 * @param retryBackoff the wait after the first passing failure; it doubles with each try (with jitter)
 */
@ConfigurationProperties("footbridge.messaging")
public record MessagingProperties(@DefaultValue("4") int workers,
                                  @DefaultValue("1s") Duration pollInterval,
                                  @DefaultValue("20") int batchSize,
                                  @DefaultValue("5m") Duration lease,
                                  @DefaultValue("8") int maxAttempts,
                                  @DefaultValue("30s") Duration retryBackoff,
                                  @DefaultValue Email email,
                                  @DefaultValue Sms sms,
                                  @DefaultValue Whatsapp whatsapp) {

    /**
     * @param provider      {@code smtp} (needs {@code spring.mail.host}), {@code outbox}, or {@code auto}: SMTP when a
     *                      host is set, the development outbox otherwise
     * @param from          the sender address when a tenant set none
     * @param ratePerSecond most messages a second this node hands to the provider
     */
    public record Email(@DefaultValue("auto") String provider,
                        @DefaultValue("footbridge@localhost") String from,
                        @DefaultValue("50") int ratePerSecond) {
    }

    /** @param provider {@code twilio}, {@code outbox}, or {@code auto}: Twilio when it is set up, the outbox otherwise */
    public record Sms(@DefaultValue("auto") String provider,
                      @DefaultValue("10") int ratePerSecond) {
    }

    /** @param provider {@code cloud} (the WhatsApp Cloud API), {@code outbox}, or {@code auto} */
    public record Whatsapp(@DefaultValue("auto") String provider,
                           @DefaultValue("20") int ratePerSecond) {
    }
}

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
                                  @DefaultValue Whatsapp whatsapp,
                                  @DefaultValue Twilio twilio,
                                  @DefaultValue Push push) {

    /**
     * @param provider      {@code smtp} (needs {@code spring.mail.host}), {@code outbox}, or {@code auto}: SMTP when a
     *                      host is set, the development outbox otherwise
     * @param from          the sender address when a tenant set none
     * @param ratePerSecond most messages a second the whole cluster hands to the provider
     */
    public record Email(@DefaultValue("auto") String provider,
                        @DefaultValue("footbridge@localhost") String from,
                        @DefaultValue("50") int ratePerSecond) {
    }

    /**
     * @param provider       {@code twilio}, {@code outbox}, or {@code auto}: Twilio when it is set up, the outbox
     *                       otherwise
     * @param keywordReplies whether Footbridge answers STOP, START and HELP itself; turn off when the carrier or
     *                       Twilio's Advanced Opt-Out answers them (Twilio's own answers are detected and never
     *                       doubled either way)
     */
    public record Sms(@DefaultValue("auto") String provider,
                      @DefaultValue("10") int ratePerSecond,
                      @DefaultValue("true") boolean keywordReplies) {
    }

    /**
     * The WhatsApp Cloud API.
     *
     * @param provider       {@code cloud}, {@code outbox}, or {@code auto}: the Cloud API when an access token is set
     * @param accessToken    a system user's permanent token with whatsapp_business_messaging
     * @param phoneNumberId  the phone number id messages go from when a tenant set no WhatsApp number of its own
     * @param appSecret      the Meta app's secret: webhook calls are signed with it
     * @param verifyToken    what the webhook subscription's verification request must carry
     * @param keywordReplies whether STOP, START and HELP are answered
     */
    public record Whatsapp(@DefaultValue("auto") String provider,
                           @DefaultValue("20") int ratePerSecond,
                           String accessToken,
                           String phoneNumberId,
                           String appSecret,
                           String verifyToken,
                           @DefaultValue("https://graph.facebook.com") String baseUrl,
                           @DefaultValue("v21.0") String apiVersion,
                           @DefaultValue("10s") Duration timeout,
                           @DefaultValue("true") boolean keywordReplies) {

        public boolean configured() {
            return accessToken != null && !accessToken.isBlank();
        }
    }

    /**
     * An SMS provider with Twilio's Messages API (Twilio itself, or anything that speaks its shape).
     *
     * @param from                the sender number when a tenant set none
     * @param messagingServiceSid a Messaging Service to send through instead of one number (used when neither the
     *                            tenant nor {@code from} names a sender)
     * @param timeout             how long one request to the API may take
     */
    public record Twilio(String accountSid,
                         String authToken,
                         @DefaultValue("https://api.twilio.com") String baseUrl,
                         String from,
                         String messagingServiceSid,
                         @DefaultValue("10s") Duration timeout) {

        public boolean configured() {
            return accountSid != null && !accountSid.isBlank();
        }
    }

    /**
     * Web push (RFC 8030) to the browsers that subscribed on the member page, encrypted (RFC 8291) and signed with the
     * installation's VAPID key (RFC 8292), which is made on first use and kept in the database.
     *
     * @param provider  {@code webpush} (the default under {@code auto}: it needs no account) or {@code outbox}
     * @param subject   who push services may contact about our traffic: a {@code mailto:} or {@code https:} URL
     * @param ttl       how long a push service keeps a message for a browser that is offline
     * @param timeout   how long one request to a push service may take
     * @param allowHttp accept subscriptions whose endpoint is plain http; only for a push service on this machine in
     *                  tests (browsers' push services are all https)
     */
    public record Push(@DefaultValue("auto") String provider,
                       @DefaultValue("50") int ratePerSecond,
                       @DefaultValue("mailto:footbridge@localhost") String subject,
                       @DefaultValue("7d") Duration ttl,
                       @DefaultValue("10s") Duration timeout,
                       @DefaultValue("false") boolean allowHttp) {
    }
}

package io.footbridge.messaging.channel;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mail.javamail.JavaMailSender;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which provider carries each channel, decided from the configuration alone: the development outbox when nothing is
 * set up (the one-command quick start), a configured provider otherwise, the outbox again when told to, and a
 * clear start-up failure when a provider is asked for by name but not set up.
 */
class ProvidersTests {

    private static final Provider FAKE_SMS = new Provider() {
        @Override
        public String name() {
            return "twilio";
        }

        @Override
        public Channel channel() {
            return Channel.SMS;
        }

        @Override
        public Delivery send(Envelope envelope) {
            return new Delivery.Accepted("SM1", false);
        }
    };

    @Test
    void withNothingSetUpEveryChannelGoesToTheDevelopmentOutboxWhichDeliversAtOnce() {
        Providers providers = providers(Map.of(), List.of());

        for (Channel channel : List.of(Channel.EMAIL, Channel.SMS, Channel.WHATSAPP, Channel.PUSH)) {
            assertThat(providers.of(channel).name()).isEqualTo("outbox");
            assertThat(providers.of(channel).channel()).isEqualTo(channel);
        }
        UUID id = UUID.randomUUID();
        Delivery delivery = providers.of(Channel.SMS).send(new Envelope(id, UUID.randomUUID(), Channel.SMS,
                Purpose.SERVICE, "+4915112345678", null, null, null, null, null, "Hi", null, null, null, null));
        assertThat(delivery).isEqualTo(new Delivery.Accepted("outbox-" + id, true));
        assertThat(providers.carries(Channel.ADS)).isFalse();
    }

    @Test
    void aConfiguredProviderTakesItsChannelUnlessTheOutboxIsAskedFor() {
        assertThat(providers(Map.of(), List.of(FAKE_SMS)).of(Channel.SMS).name()).isEqualTo("twilio");
        assertThat(providers(Map.of("footbridge.messaging.sms.provider", "outbox"), List.of(FAKE_SMS))
                .of(Channel.SMS).name()).isEqualTo("outbox");
    }

    @Test
    void aProviderAskedForByNameButNotSetUpStopsTheStartInsteadOfLosingMessages() {
        assertThatThrownBy(() -> providers(Map.of("footbridge.messaging.sms.provider", "twilio"), List.of()))
                .hasMessageContaining("footbridge.messaging.twilio.account-sid");
        assertThatThrownBy(() -> providers(Map.of("footbridge.messaging.whatsapp.provider", "cloud"), List.of()))
                .hasMessageContaining("footbridge.messaging.whatsapp.access-token");
        assertThatThrownBy(() -> providers(Map.of("footbridge.messaging.sms.provider", "nexmo"), List.of()))
                .hasMessageContaining("must be auto, twilio or outbox");
    }

    @Test
    void retryAfterIsReadInSecondsOrAsADateAndKeptWithinBounds() {
        java.time.Instant now = java.time.Instant.parse("2026-05-01T10:00:00Z");
        assertThat(RetryAfter.of(headers("30"), now)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.of(headers("Fri, 01 May 2026 10:02:00 GMT"), now)).isEqualTo(Duration.ofMinutes(2));
        assertThat(RetryAfter.of(headers("0"), now)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RetryAfter.of(headers("999999"), now)).isEqualTo(Duration.ofHours(1));
        assertThat(RetryAfter.of(headers("soon"), now)).isNull();
        assertThat(RetryAfter.of(java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true), now)).isNull();
    }

    private static java.net.http.HttpHeaders headers(String retryAfter) {
        return java.net.http.HttpHeaders.of(Map.of("Retry-After", List.of(retryAfter)), (a, b) -> true);
    }

    private static Providers providers(Map<String, String> settings, List<Provider> configured) {
        MessagingProperties properties = new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("footbridge.messaging", MessagingProperties.class);
        ObjectProvider<JavaMailSender> noMail = new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class);
        return new Providers(properties, noMail, configured, UNPACED);
    }

    /** These tests choose providers and send nothing paced; pacing is tested against the database elsewhere. */
    private static final io.footbridge.platform.RateLimits UNPACED = new io.footbridge.platform.RateLimits() {
        @Override
        public Limit limit(String name, long capacity, Duration period) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Pace pace(String name, long perSecond) {
            return () -> true;
        }
    };
}

package io.footbridge.messaging.channel;

import io.footbridge.consent.Channel;
import io.footbridge.platform.RateLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The provider of each channel, chosen at start from the configuration, and the pace it is given messages at. The
 * pace is the provider's for the whole cluster, kept in the shared database; a node claims it in blocks, so pacing
 * costs a round trip per block rather than per message.
 */
@Component
public class Providers {

    private static final Logger log = LoggerFactory.getLogger(Providers.class);

    private final Map<Channel, Provider> providers = new EnumMap<>(Channel.class);
    private final Map<Channel, RateLimits.Pace> rates = new EnumMap<>(Channel.class);

    Providers(MessagingProperties properties, ObjectProvider<JavaMailSender> mail, List<Provider> configured,
              RateLimits limits) {
        JavaMailSender mailSender = mail.getIfAvailable();
        String email = properties.email().provider();
        if (("smtp".equals(email) || "auto".equals(email)) && mailSender instanceof JavaMailSenderImpl smtp
                && smtp.getHost() != null) {
            providers.put(Channel.EMAIL, new SmtpEmail(smtp));
        } else if ("smtp".equals(email)) {
            throw new IllegalStateException("footbridge.messaging.email.provider=smtp needs spring.mail.host");
        }
        // providers that set themselves up as beans (SMS, WhatsApp) take their channel unless told to use the outbox
        for (Provider provider : configured) {
            String wanted = switch (provider.channel()) {
                case SMS -> properties.sms().provider();
                case WHATSAPP -> properties.whatsapp().provider();
                case PUSH -> properties.push().provider();
                default -> "auto";
            };
            if (!"outbox".equals(wanted)) {
                providers.putIfAbsent(provider.channel(), provider);
            }
        }
        require(properties.sms().provider(), "twilio", Channel.SMS,
                "footbridge.messaging.twilio.account-sid and auth-token");
        require(properties.whatsapp().provider(), "cloud", Channel.WHATSAPP,
                "footbridge.messaging.whatsapp.access-token and phone-number-id");
        if (!List.of("auto", "outbox", "webpush").contains(properties.push().provider())) {
            throw new IllegalStateException("footbridge.messaging.push.provider must be auto, webpush or outbox, not "
                    + properties.push().provider());
        }
        for (Channel channel : List.of(Channel.EMAIL, Channel.SMS, Channel.WHATSAPP, Channel.PUSH)) {
            providers.putIfAbsent(channel, new DevOutbox(channel));
        }
        rates.put(Channel.EMAIL, limits.pace("messaging-email", properties.email().ratePerSecond()));
        rates.put(Channel.SMS, limits.pace("messaging-sms", properties.sms().ratePerSecond()));
        rates.put(Channel.WHATSAPP, limits.pace("messaging-whatsapp", properties.whatsapp().ratePerSecond()));
        rates.put(Channel.PUSH, limits.pace("messaging-push", properties.push().ratePerSecond()));
        providers.forEach((channel, provider) -> log.info("Messages on {} go to {}", channel.value(), provider.name()));
    }

    /** A provider asked for by name must be there: silently falling back to the outbox would lose real messages. */
    private void require(String wanted, String named, Channel channel, String settings) {
        if (!List.of("auto", "outbox", named).contains(wanted)) {
            throw new IllegalStateException("footbridge.messaging." + channel.value() + ".provider must be auto, "
                    + named + " or outbox, not " + wanted);
        }
        if (named.equals(wanted) && !providers.containsKey(channel)) {
            throw new IllegalStateException("footbridge.messaging." + channel.value() + ".provider=" + named
                    + " needs " + settings);
        }
    }

    public Provider of(Channel channel) {
        Provider provider = providers.get(channel);
        if (provider == null) {
            throw new IllegalArgumentException("no provider carries " + channel.value());
        }
        return provider;
    }

    public boolean carries(Channel channel) {
        return providers.containsKey(channel);
    }

    /** Waits for the channel's next free slot; false when interrupted (shutting down). */
    public boolean pace(Channel channel) {
        return rates.get(channel).acquire();
    }
}

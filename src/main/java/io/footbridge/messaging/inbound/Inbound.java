package io.footbridge.messaging.inbound;

import io.footbridge.capture.EventRecorder;
import io.footbridge.consent.Channel;
import io.footbridge.consent.Consents;
import io.footbridge.consent.HelpRequests;
import io.footbridge.consent.NewConsent;
import io.footbridge.consent.Purpose;
import io.footbridge.identity.IdentifierNormaliser;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.identity.Normalised;
import io.footbridge.messaging.Messages;
import io.footbridge.messaging.channel.MessagingProperties;
import io.footbridge.messaging.outbound.Senders;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Tenants;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What people write to a tenant's SMS or WhatsApp number. Each message is stored once however often the provider
 * calls. A keyword changes the ledger (STOP withdraws marketing and service on the channel, START grants service
 * and gives back marketing that a keyword took, HELP only asks) and is answered; any other message goes to the
 * service inbox and on the sender's timeline. Replies go through {@link Messages}, so the consent gate sees them.
 */
@Service
public class Inbound {

    private static final Logger log = LoggerFactory.getLogger(Inbound.class);
    private static final int TIMELINE_TEXT = 1000;
    private static final int PREVIEW = 200;

    /**
     * A message as a provider delivered it.
     *
     * @param from             the sender's number as the provider gives it (E.164, or WhatsApp's digits)
     * @param to               our number (SMS) or WhatsApp phone number id it was sent to
     * @param service          the Twilio Messaging Service it came through, if any
     * @param kind             text, or what else it is (image, audio, location, button …)
     * @param providerAnswered the provider answered a keyword itself (Twilio's Advanced Opt-Out)
     */
    public record Received(Channel channel, String provider, String providerId, String from, String to,
                           String service, String kind, String text, int media, Instant receivedAt,
                           boolean providerAnswered) {

        /** NUL has no place in a message and PostgreSQL cannot store it in text. */
        public Received {
            providerId = clean(providerId);
            from = clean(from);
            to = clean(to);
            service = clean(service);
            kind = clean(kind);
            text = clean(text);
        }

        private static String clean(String value) {
            return value == null || value.indexOf('\u0000') < 0 ? value : value.replace("\u0000", "");
        }
    }

    public enum Outcome {
        /** An ordinary message: in the inbox and on the timeline. */
        MESSAGE,
        /** A keyword, acted on. */
        KEYWORD,
        /** Delivered before: nothing changed. */
        DUPLICATE,
        /** Sent to a number no tenant uses: not stored. */
        UNKNOWN_NUMBER,
        /** From something that is not a phone number (a short code, a sender name): not stored. */
        UNUSABLE_SENDER,
        /** From a number of a person who was erased: not kept. */
        ERASED_SENDER
    }

    /** A keyword's answer, sent once the message is stored. */
    private record Reply(UUID tenantId, UUID profileId, Channel channel, String to, String template, UUID inboundId,
                         String acknowledges) {
    }

    private record Handled(Outcome outcome, Reply reply) {
    }

    private final InboundRepository repository;
    private final Senders senders;
    private final Tenants tenants;
    private final IdentifierNormaliser normaliser;
    private final IdentityGraph identity;
    private final Consents consents;
    private final EventRecorder recorder;
    private final Messages messages;
    private final MessagingProperties properties;
    private final TransactionTemplate transaction;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final io.footbridge.messaging.outbound.MessageRepository outbox;

    Inbound(InboundRepository repository, Senders senders, Tenants tenants, IdentifierNormaliser normaliser,
            IdentityGraph identity, Consents consents, EventRecorder recorder, Messages messages,
            MessagingProperties properties, TransactionTemplate transaction, JsonMapper json, MeterRegistry meters,
            io.footbridge.messaging.outbound.MessageRepository outbox) {
        this.outbox = outbox;
        this.repository = repository;
        this.senders = senders;
        this.tenants = tenants;
        this.normaliser = normaliser;
        this.identity = identity;
        this.consents = consents;
        this.recorder = recorder;
        this.messages = messages;
        this.properties = properties;
        this.transaction = transaction;
        this.json = json;
        this.meters = meters;
    }

    public Outcome receive(Received received) {
        Outcome outcome;
        Reply reply = null;
        String raw = received.from() == null ? "" : received.from().strip();
        Normalised from = normaliser.normalise(IdentifierType.PHONE,
                received.channel() == Channel.WHATSAPP && !raw.startsWith("+") ? "+" + raw : raw, null);
        Optional<UUID> tenant = from.usable() ? tenantFor(received, from.value()) : Optional.empty();
        if (!from.usable()) {
            outcome = Outcome.UNUSABLE_SENDER;
        } else if (tenant.isEmpty()) {
            outcome = Outcome.UNKNOWN_NUMBER;
        } else if (identity.erased(tenant.get(), IdentifierType.PHONE, from.value())) {
            // the sender was erased: nothing of theirs is kept, and nothing can be sent to them anyway
            outcome = Outcome.ERASED_SENDER;
        } else {
            Handled handled = transaction.execute(status -> handle(tenant.get(), received, from.value()));
            outcome = handled.outcome();
            reply = handled.reply();
        }
        Counter.builder("footbridge.messaging.inbound").description("Messages received from customers")
                .tag("channel", received.channel().value()).tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(meters).increment();
        if (reply != null) {
            send(reply);
        }
        return outcome;
    }

    /**
     * The tenant that uses the number the message was sent to. A one-brand installation that never set its numbers
     * per tenant gets the messages to the installation's own number, so its customers' STOP is never lost.
     */
    Optional<UUID> tenantFor(Received received, String sender) {
        boolean sms = received.channel() == Channel.SMS;
        String to = received.to() == null ? "" : received.to().strip();
        if (sms) {
            Normalised number = normaliser.normalise(IdentifierType.PHONE, to, null);
            to = number.usable() ? number.value() : to;
        }
        Optional<UUID> found = sms ? senders.tenantOf(to, null) : senders.tenantOf(null, to);
        if (found.isPresent()) {
            return found;
        }
        boolean installationNumber = sms
                ? to.equals(e164(properties.twilio().from())) || (received.service() != null
                && received.service().equals(properties.twilio().messagingServiceSid()))
                : to.equals(properties.whatsapp().phoneNumberId());
        if (installationNumber) {
            List<Tenants.TenantRef> all = tenants.all();
            if (all.size() == 1) {
                return Optional.of(all.get(0).id());
            }
            // several brands share the installation's number: the reply is to the one that wrote to this person
            // last, so that their STOP reaches the brand whose message they are stopping
            return outbox.lastSentTo(received.channel(), sender);
        }
        return Optional.empty();
    }

    private String e164(String number) {
        if (number == null) {
            return null;
        }
        Normalised normalised = normaliser.normalise(IdentifierType.PHONE, number, null);
        return normalised.usable() ? normalised.value() : number.strip();
    }

    private Handled handle(UUID tenantId, Received r, String from) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant at = r.receivedAt() == null || r.receivedAt().isAfter(now) ? now
                : r.receivedAt().truncatedTo(ChronoUnit.MICROS);
        UUID profileId = identity.findByIdentifier(tenantId, IdentifierType.PHONE, from).orElse(null);
        Optional<Keywords.Match> match = Keywords.match(r.text());
        if (match.isPresent() && match.get().onlyWhenWithdrawn() && !withdrawn(tenantId, from, r.channel())) {
            match = Optional.empty();
        }
        UUID id = UUID.randomUUID();
        String text = truncate(r.text(), 5000);
        if (!repository.insert(new InboundRepository.Inbound(id, tenantId, r.channel(), r.provider(),
                truncate(r.providerId(), 128), from, truncate(r.to(), 64), profileId, truncate(r.kind(), 16), text,
                r.media(), match.map(m -> m.keyword().value()).orElse(null), null, at), now)) {
            return new Handled(Outcome.DUPLICATE, null);
        }
        if (match.isEmpty()) {
            toInbox(tenantId, id, r.channel(), from, profileId, r.kind(), text, at, now);
            return new Handled(Outcome.MESSAGE, null);
        }
        Keywords.Match keyword = match.get();
        String source = r.channel().value() + "_keyword";
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("messageId", id.toString());
        evidence.put("providerMessageId", truncate(r.providerId(), 128));
        evidence.put("keyword", keyword.word());
        String serviceKey = "keyword:" + id + ":" + Purpose.SERVICE.value();
        String template;
        String acknowledges = null;
        switch (keyword.keyword()) {
            case STOP -> {
                record(tenantId, profileId, from, r.channel(), Purpose.MARKETING, false, at, source, evidence, id);
                if (consents.standing(tenantId, null, "phone", from, r.channel(), Purpose.LOYALTY)
                        .filter(s -> !"withdrawn".equals(s.status())).isPresent()) {
                    // the club's messages stop too, where they were granted
                    record(tenantId, profileId, from, r.channel(), Purpose.LOYALTY, false, at, source, evidence, id);
                }
                record(tenantId, profileId, from, r.channel(), Purpose.SERVICE, false, at, source, evidence, id);
                template = "keyword.stop";
                acknowledges = serviceKey;
            }
            case START -> {
                // marketing and the club's messages come back only if a keyword took them away; a "no" given
                // anywhere else stands
                record(tenantId, profileId, from, r.channel(), Purpose.SERVICE, true, at, source, evidence, id);
                for (Purpose purpose : List.of(Purpose.MARKETING, Purpose.LOYALTY)) {
                    boolean restore = consents.standing(tenantId, null, "phone", from, r.channel(), purpose)
                            .map(s -> "withdrawn".equals(s.status()) && source.equals(s.source())).orElse(false);
                    if (restore) {
                        record(tenantId, profileId, from, r.channel(), purpose, true, at, source, evidence, id);
                    }
                }
                template = "keyword.start";
            }
            default -> {
                template = "keyword.help";
                acknowledges = HelpRequests.PREFIX + id; // answered even after STOP, as carriers require
            }
        }
        boolean answer = !r.providerAnswered() && (r.channel() == Channel.SMS
                ? properties.sms().keywordReplies() : properties.whatsapp().keywordReplies());
        return new Handled(Outcome.KEYWORD, answer
                ? new Reply(tenantId, profileId, r.channel(), from, template, id, acknowledges) : null);
    }

    private boolean withdrawn(UUID tenantId, String from, Channel channel) {
        return "withdrawn".equals(consents.status(tenantId, null, "phone", from, channel, Purpose.SERVICE))
                || "withdrawn".equals(consents.status(tenantId, null, "phone", from, channel, Purpose.MARKETING));
    }

    private void record(UUID tenantId, UUID profileId, String from, Channel channel, Purpose purpose,
                        boolean granted, Instant at, String source, Map<String, String> evidence, UUID messageId) {
        consents.record(new NewConsent(tenantId, profileId, "phone", from, channel, purpose, granted, at, source,
                null, null, null, evidence, "keyword:" + messageId + ":" + purpose.value()));
    }

    private void toInbox(UUID tenantId, UUID id, Channel channel, String from, UUID profileId, String kind,
                         String text, Instant at, Instant now) {
        String preview = text != null && !text.isBlank() ? truncate(text.strip(), PREVIEW) : "[" + kind + "]";
        if (!repository.touchItem(tenantId, channel, from, profileId, preview, at, now)
                && !repository.insertItem(UUID.randomUUID(), tenantId, channel, from, profileId, preview, at, now)) {
            // another message from the same person opened the conversation a moment ago
            repository.touchItem(tenantId, channel, from, profileId, preview, at, now);
        }
        repository.linkToItem(id, repository.item(tenantId, channel, from).orElseThrow().id());
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("messageId", id.toString());
        properties.put("channel", channel.value());
        if (text != null) {
            properties.put("text", truncate(text, TIMELINE_TEXT));
        }
        recorder.record(tenantId, "messaging", List.of(new EventRecorder.NewEvent("message-received:" + id,
                "message.received", at, null, null, json.writeValueAsString(Map.of("phone", from)),
                json.writeValueAsString(properties))));
    }

    /** Queues a keyword's answer in a transaction of its own: a refused answer must not undo the opt-out. */
    private void send(Reply reply) {
        try {
            transaction.executeWithoutResult(status -> messages.send(new Messages.Outgoing(reply.tenantId(),
                    reply.profileId(), reply.channel(), Purpose.SERVICE, reply.to(), reply.template(), null,
                    Map.of(), "keyword-reply:" + reply.inboundId(), null, "keyword", reply.acknowledges())));
        } catch (ProblemException e) {
            // e.g. a sender number that is not a mobile; the problem names the field, never the number
            log.warn("The answer to keyword message {} was not queued: {} {}", reply.inboundId(), e.type(),
                    e.errors().stream().map(f -> f.field()).toList());
        }
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}

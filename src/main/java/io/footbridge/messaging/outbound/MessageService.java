package io.footbridge.messaging.outbound;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.footbridge.consent.Channel;
import io.footbridge.consent.ConsentGate;
import io.footbridge.consent.PreferenceLinks;
import io.footbridge.consent.Purpose;
import io.footbridge.identity.IdentifierNormaliser;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.identity.Normalised;
import io.footbridge.messaging.Messages;
import io.footbridge.messaging.push.PushRepository;
import io.footbridge.messaging.template.Rendered;
import io.footbridge.messaging.template.Template;
import io.footbridge.messaging.template.Templates;
import io.footbridge.platform.Brand;
import io.footbridge.platform.Brands;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Queues messages: finds the address, asks the consent gate, fills in the template and puts the message, as it will
 * be sent, in the queue, all in the caller's transaction. What the gate refuses is kept as blocked with the reason.
 */
@Service
class MessageService implements Messages {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Set<PhoneNumberUtil.PhoneNumberType> TEXTABLE = EnumSet.of(
            PhoneNumberUtil.PhoneNumberType.MOBILE, PhoneNumberUtil.PhoneNumberType.FIXED_LINE_OR_MOBILE);
    private static final Set<Channel> CARRIED = EnumSet.of(Channel.EMAIL, Channel.SMS, Channel.WHATSAPP,
            Channel.PUSH);

    private final MessageRepository repository;
    private final Templates templates;
    private final Composer composer;
    private final ConsentGate gate;
    private final PreferenceLinks preferenceLinks;
    private final IdentityGraph identity;
    private final IdentifierNormaliser normaliser;
    private final Brands brands;
    private final Stores stores;
    private final HostedPages pages;
    private final Dispatcher dispatcher;
    private final JsonMapper json;
    private final PushRepository push;

    MessageService(MessageRepository repository, Templates templates, Composer composer, ConsentGate gate,
                   PreferenceLinks preferenceLinks, IdentityGraph identity, IdentifierNormaliser normaliser,
                   Brands brands, Stores stores, HostedPages pages, Dispatcher dispatcher, JsonMapper json,
                   PushRepository push) {
        this.push = push;
        this.repository = repository;
        this.templates = templates;
        this.composer = composer;
        this.gate = gate;
        this.preferenceLinks = preferenceLinks;
        this.identity = identity;
        this.normaliser = normaliser;
        this.brands = brands;
        this.stores = stores;
        this.pages = pages;
        this.dispatcher = dispatcher;
        this.json = json;
    }

    @Override
    public long queued(UUID tenantId) {
        return repository.queued(tenantId);
    }

    @Override
    @Transactional
    public Queued send(Outgoing out) {
        if (!CARRIED.contains(out.channel())) {
            throw ProblemException.invalid("channel", "messages go by email, sms, whatsapp or push");
        }
        if (out.idempotencyKey() != null) {
            Optional<Message> first = repository.byIdempotencyKey(out.tenantId(), out.idempotencyKey());
            if (first.isPresent()) {
                return new Queued(first.get().id(), first.get().status(), first.get().reason(), true);
            }
        }
        StoreRef store = out.storeId() == null ? null : stores.findById(out.tenantId(), out.storeId()).orElse(null);
        UUID profileId = out.profileId();
        if (profileId != null) {
            profileId = identity.find(out.tenantId(), profileId).map(IdentityGraph.ProfileRef::rootId)
                    .orElseThrow(() -> ProblemException.notFound("profile", out.profileId()));
        }
        String to;
        if (out.channel() == Channel.PUSH) {
            PushRepository.Subscription subscription = pushAddress(out, profileId);
            to = subscription.id().toString();
            if (profileId == null) {
                profileId = identity.find(out.tenantId(), subscription.profileId())
                        .map(IdentityGraph.ProfileRef::rootId).orElse(null);
            }
        } else {
            to = address(out, profileId, store);
            if (profileId != null && out.to() != null && out.purpose().needsGrant()) {
                UUID person = profileId;
                IdentifierType type = IdentifierType.ofKey(out.channel().addressType()).orElseThrow();
                // marketing goes by the person's grant: someone else's address would borrow it (an address no one
                // holds yet is fine; service messages such as a receipt to a family member's email are judged by the
                // gate, which also reads what the address's holder withdrew)
                if (identity.findByIdentifier(out.tenantId(), type, to).filter(holder -> !holder.equals(person))
                        .isPresent()) {
                    throw ProblemException.invalid("to", "is another person's address; leave it out to use this"
                            + " person's own");
                }
            }
            if (profileId == null) {
                profileId = identity.findByIdentifier(out.tenantId(),
                        IdentifierType.ofKey(out.channel().addressType()).orElseThrow(), to).orElse(null);
            }
        }
        UUID id = UUID.randomUUID();
        Content content = compose(out.tenantId(), id, profileId, out.channel(), out.purpose(), to, out.template(),
                out.language(), out.variables(), false);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ZoneId zone = store == null ? null : store.timeZone();
        ConsentGate.Decision decision = gate.check(new ConsentGate.Ask(out.tenantId(), profileId, out.channel(),
                out.purpose(), to, zone, now, out.acknowledges()));
        String status = Message.QUEUED;
        String reason = null;
        Instant due = now;
        if (!decision.allowed()) {
            if (decision.reason() == ConsentGate.Reason.QUIET_HOURS && decision.notBefore() != null) {
                due = decision.notBefore();
                reason = "held: " + decision.detail();
            } else {
                status = Message.BLOCKED;
                reason = decision.reason().value() + ": " + decision.detail();
            }
        }

        boolean erased = decision.reason() == ConsentGate.Reason.ERASED;
        // for an erased person's address the refusal is kept, but not the address or what it would have said
        Message message = new Message(id, out.tenantId(), erased ? null : profileId, out.channel(), out.purpose(),
                erased ? null : to, out.template(), content.language(), erased ? null : content.subject(),
                erased ? null : content.text(), erased ? null : content.html(), erased ? null : content.whatsapp(),
                erased ? null : content.unsubscribeUrl(), status, reason, 0, due, null, null, content.track(),
                out.idempotencyKey(), out.storeId(), out.origin() == null ? "api" : out.origin(), now, null, null,
                null, null, now, out.acknowledges());
        if (!repository.insert(message)) {
            Message first = repository.byIdempotencyKey(out.tenantId(), out.idempotencyKey()).orElseThrow();
            return new Queued(first.id(), first.status(), first.reason(), true);
        }
        repository.insertEvent(id, out.tenantId(), status, now, reason, null);
        if (status.equals(Message.QUEUED)) {
            repository.insertLinks(content.links());
            dispatcher.pokeAfterCommit();
        }
        return new Queued(id, status, reason, false);
    }

    /** A message's content as it will be sent, and what is needed to follow it. */
    record Content(String language, String subject, String text, String html, String whatsapp,
                   String unsubscribeUrl, String track, java.util.List<MessageRepository.Link> links) {
    }

    /**
     * Fills the template in and shapes it for the channel. {@code preview}: the footer links are examples and
     * nothing is signed for a real person.
     */
    Content compose(UUID tenantId, UUID id, UUID profileId, Channel channel, Purpose purpose, String to,
                    String templateKey, String language, Map<String, ?> given, boolean preview) {
        // a push notification says what the template's SMS says, unless the tenant wrote a push version
        Channel written = channel == Channel.PUSH && !templates.exists(tenantId, templateKey, Channel.PUSH)
                ? Channel.SMS : channel;
        Template template = templates.resolve(tenantId, templateKey, written,
                language != null ? language : brands.of(tenantId).language());
        return compose(tenantId, id, profileId, channel, purpose, to, template, given, preview);
    }

    /** As {@link #compose(UUID, UUID, UUID, Channel, Purpose, String, String, String, Map, boolean)}, from a template given whole (a draft). */
    Content compose(UUID tenantId, UUID id, UUID profileId, Channel channel, Purpose purpose, String to,
                    Template template, Map<String, ?> given, boolean preview) {
        Brand brand = brands.of(tenantId);
        String track = composer.code() + composer.code();
        String base = pages.baseUrl();
        Composer.Footer footer = null;
        Map<String, Object> variables = new HashMap<>(given == null ? Map.of() : given);
        variables.put("brand", brandVariables(brand));
        if (purpose.needsGrant()) {
            footer = preview ? new Composer.Footer(base + "/preferences/example", base + "/u/example")
                    : new Composer.Footer(preferenceLinks.preferenceCentre(tenantId, profileId, channel, to),
                    preferenceLinks.unsubscribe(tenantId, profileId, channel, to, id));
            variables.put("links", Map.of("preferences", footer.preferencesUrl(), "unsubscribe",
                    footer.unsubscribeUrl()));
        } else {
            variables.putIfAbsent("links", Map.of());
        }
        Rendered rendered = templates.render(template, variables);
        String subject = null;
        String text;
        String html = null;
        java.util.List<MessageRepository.Link> links;
        if (channel == Channel.EMAIL) {
            Composer.Email email = composer.email(tenantId, id, track, brand, rendered, purpose, footer, base);
            subject = email.subject();
            html = email.html();
            text = email.text();
            links = email.links();
        } else {
            Composer.Text composed = composer.text(tenantId, id, rendered.text(), purpose, channel == Channel.SMS,
                    rendered.language(), base);
            text = composed.text();
            links = composed.links();
            if (channel == Channel.PUSH) {
                // the notification's title: the push version's subject, else the brand
                subject = rendered.subject() != null && !rendered.subject().isBlank() ? rendered.subject()
                        : brand.name();
            }
        }
        String whatsapp = null;
        if (rendered.whatsappName() != null) {
            Map<String, Object> approved = new LinkedHashMap<>();
            approved.put("name", rendered.whatsappName());
            approved.put("language", rendered.whatsappLanguage());
            approved.put("parameters", rendered.whatsappParameters() == null ? java.util.List.of()
                    : rendered.whatsappParameters());
            whatsapp = json.writeValueAsString(approved);
        }
        fits("subject", subject, 998);
        fits("text", text, 100_000);
        fits("html", html, 1_000_000);
        fits("whatsapp", whatsapp, 20_000);
        return new Content(rendered.language(), subject, text, html, whatsapp,
                footer == null ? null : footer.unsubscribeUrl(), track, links);
    }

    /** What the variables made of the template must fit its column, and hold no NUL (PostgreSQL refuses it). */
    private static void fits(String part, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.indexOf('\u0000') >= 0) {
            throw ProblemException.invalid("variables", "must not contain NUL characters");
        }
        if (value.length() > max) {
            throw ProblemException.invalid("variables", "make the message's " + part + " longer than " + max
                    + " characters");
        }
    }

    /** The address the message goes to: as given (normalised and checked), or the person's for the channel. */
    private String address(Outgoing out, UUID profileId, StoreRef store) {
        IdentifierType type = IdentifierType.ofKey(out.channel().addressType()).orElseThrow();
        if (out.to() != null) {
            Normalised given = normaliser.normalise(type, out.to(), store == null ? null : store.country());
            if (!given.usable()) {
                throw ProblemException.invalid("to", given.problem());
            }
            if (type == IdentifierType.PHONE && !textable(given.value())) {
                throw ProblemException.invalid("to", "is not a mobile number and cannot receive "
                        + out.channel().value() + " messages");
            }
            return given.value();
        }
        if (profileId == null) {
            throw ProblemException.invalid("to", "give an address or a profileId");
        }
        return identity.identifiers(out.tenantId(), profileId).stream()
                .filter(i -> i.type() == type && !i.denied())
                .filter(i -> type != IdentifierType.PHONE || textable(i.value()))
                .max(Comparator.comparing(IdentityGraph.LinkedIdentifier::lastSeenAt))
                .map(IdentityGraph.LinkedIdentifier::value)
                .orElseThrow(() -> ProblemException.invalid("to", "the person has no "
                        + (type == IdentifierType.PHONE ? "mobile number" : type.key()) + " to send "
                        + out.channel().value() + " to"));
    }

    /**
     * The browser a push message goes to: the subscription named (it must be the tenant's and, for marketing, the
     * person's own), or the person's newest one. The person and those merged into them count as one.
     */
    private PushRepository.Subscription pushAddress(Outgoing out, UUID profileId) {
        if (out.to() != null) {
            UUID id;
            try {
                id = UUID.fromString(out.to().strip());
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid("to", "is not a push subscription id");
            }
            PushRepository.Subscription subscription = push.find(out.tenantId(), id)
                    .orElseThrow(() -> ProblemException.invalid("to", "is not a push subscription of this tenant"));
            if (profileId != null && out.purpose().needsGrant()
                    && !identity.profileIds(out.tenantId(), profileId).contains(subscription.profileId())) {
                throw ProblemException.invalid("to", "is another person's push subscription; leave it out to use"
                        + " this person's own");
            }
            return subscription;
        }
        if (profileId == null) {
            throw ProblemException.invalid("to", "give a push subscription id or a profileId");
        }
        return push.of(out.tenantId(), identity.profileIds(out.tenantId(), profileId)).stream().findFirst()
                .orElseThrow(() -> ProblemException.invalid("to", "the person has no browser subscribed to push"
                        + " notifications"));
    }

    static boolean textable(String e164) {
        try {
            return TEXTABLE.contains(PHONES.getNumberType(PHONES.parse(e164, "ZZ")));
        } catch (NumberParseException e) {
            return false;
        }
    }

    private static Map<String, Object> brandVariables(Brand brand) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", brand.name());
        b.put("logoUrl", brand.logoUrl() == null ? "" : brand.logoUrl());
        b.put("primaryColor", brand.primaryColor());
        b.put("privacyUrl", brand.privacyUrl() == null ? "" : brand.privacyUrl());
        return b;
    }
}

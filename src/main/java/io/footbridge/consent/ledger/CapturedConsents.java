package io.footbridge.consent.ledger;

import io.footbridge.capture.CaptureFeeds;
import io.footbridge.capture.CapturedEvent;
import io.footbridge.consent.Channel;
import io.footbridge.consent.NewConsent;
import io.footbridge.consent.Purpose;
import io.footbridge.identity.IdentifierNormaliser;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.Normalised;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Takes the consent ticks that captured events carry (the Wi-Fi portal, sign-up forms, the till, customer imports,
 * any event with a {@code consents} array) into the ledger, with the event as proof. A tick is recorded under the
 * identifier its channel reaches (the email for email, the phone for SMS), or the strongest one the event has.
 */
@Component
class CapturedConsents {

    static final String FEED = "consent";
    /** Which identifier stands for the person when the channel's own address is missing, strongest first. */
    private static final List<IdentifierType> STRENGTH = List.of(IdentifierType.LOYALTY_ID, IdentifierType.PHONE,
            IdentifierType.EMAIL, IdentifierType.DEVICE_ID, IdentifierType.ANONYMOUS_ID);
    private static final Map<String, String> SOURCES = Map.of("wifi.login", "wifi", "loyalty.signup", "form",
            "event.registration", "form", "customer.imported", "import", "pos.purchase", "pos");

    private final Ledger ledger;
    private final IdentifierNormaliser normaliser;
    private final Stores stores;
    private final JsonMapper json;
    private final CaptureFeeds.Feed feed;
    private final io.footbridge.identity.IdentityGraph identity;

    CapturedConsents(Ledger ledger, IdentifierNormaliser normaliser, Stores stores, JsonMapper json,
                     CaptureFeeds feeds, io.footbridge.identity.IdentityGraph identity) {
        this.identity = identity;
        this.ledger = ledger;
        this.normaliser = normaliser;
        this.stores = stores;
        this.json = json;
        this.feed = feeds.follow(FEED, this::handle);
    }

    /** Runs the feed now; for tests that must see the ledger catch up. */
    int drain() {
        return feed.drain();
    }

    private void handle(List<CapturedEvent> events) {
        Map<UUID, Optional<StoreRef>> storeCache = new HashMap<>();
        for (CapturedEvent event : events) {
            if (event.propertiesJson() == null || !event.propertiesJson().contains("\"consents\"")) {
                continue;
            }
            JsonNode properties = json.readTree(event.propertiesJson());
            JsonNode ticks = properties.path("consents");
            if (!ticks.isArray() || ticks.isEmpty()) {
                continue;
            }
            String country = event.storeId() == null ? null : storeCache
                    .computeIfAbsent(event.storeId(), id -> stores.findById(event.tenantId(), id))
                    .map(StoreRef::country).orElse(null);
            Map<IdentifierType, String> identifiers = identifiers(event, country);
            if (identifiers.isEmpty() || identifiers.entrySet().stream()
                    .anyMatch(i -> identity.erased(event.tenantId(), i.getKey(), i.getValue()))) {
                // an erased person's ticks are not taken, under any of the event's identifiers
                continue;
            }
            for (JsonNode tick : ticks) {
                record(event, properties, tick, identifiers);
            }
        }
    }

    private void record(CapturedEvent event, JsonNode properties, JsonNode tick,
                        Map<IdentifierType, String> identifiers) {
        Optional<Channel> channel = Channel.of(tick.path("channel").asString(""));
        Optional<Purpose> purpose = Purpose.of(tick.path("purpose").asString(""));
        if (channel.isEmpty() || purpose.isEmpty() || !tick.path("granted").isBoolean()) {
            // a ticked box without a channel is agreement to terms, not a permission to reach someone
            return;
        }
        IdentifierType type = IdentifierType.ofKey(String.valueOf(channel.get().addressType()))
                .filter(identifiers::containsKey)
                .orElseGet(() -> STRENGTH.stream().filter(identifiers::containsKey).findFirst().orElseThrow());
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("eventId", event.eventId());
        evidence.put("eventType", event.type());
        JsonNode given = properties.path("evidence");
        copy(given, "ip", evidence);
        copy(given, "userAgent", evidence);
        copy(given, "staffId", evidence);
        copy(given, "messageId", evidence);
        String wording = text(tick.path("wordingVersion"));
        if (wording == null) {
            wording = text(properties.path("wordingVersion"));
        }
        ledger.record(new NewConsent(event.tenantId(), null, type.key(), identifiers.get(type), channel.get(),
                purpose.get(), tick.path("granted").asBoolean(), event.occurredAt(),
                source(event), event.storeId(), event.touchpointId(), wording,
                evidence, "capture:" + event.sequence() + ":" + channel.get().value() + ":" + purpose.get().value()));
    }

    /**
     * Where the tick was given. {@code import} (which needs no double opt-in: the business vouches for its file) only
     * when the event came through the import itself, whatever its type says.
     */
    private static String source(CapturedEvent event) {
        String source = SOURCES.getOrDefault(event.type(), event.source());
        return source.equals("import") && !"import".equals(event.source()) ? event.source() : source;
    }

    private Map<IdentifierType, String> identifiers(CapturedEvent event, String country) {
        Map<IdentifierType, String> usable = new LinkedHashMap<>();
        if (event.identifiersJson() == null) {
            return usable;
        }
        JsonNode given = json.readTree(event.identifiersJson());
        for (IdentifierType type : STRENGTH) {
            String raw = text(given.path(type.key()));
            if (raw != null) {
                Normalised normalised = normaliser.normalise(type, raw, country);
                if (normalised.usable()) {
                    usable.put(type, normalised.value());
                }
            }
        }
        return usable;
    }

    private static void copy(JsonNode from, String field, Map<String, String> to) {
        String value = text(from.path(field));
        if (value != null) {
            to.put(field, value.length() > 300 ? value.substring(0, 300) : value);
        }
    }

    private static String text(JsonNode node) {
        return node.isString() && !node.asString().isBlank() ? node.asString() : null;
    }
}

package io.footbridge.receipts.receipt;

import io.footbridge.capture.CaptureFeeds;
import io.footbridge.capture.CapturedEvent;
import io.footbridge.capture.Sales;
import io.footbridge.identity.IdentifierNormaliser;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.Normalised;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Follows the capture log (the {@code receipts} feed): a sale whose customer chose a digital receipt gets one, a
 * void marks it void, a refund updates what was given back. Idempotent, as the feed may hand an event over twice:
 * a sale has one receipt, and the message's idempotency key is the receipt.
 */
@Component
class ReceiptFeed {

    static final String FEED = "receipts";
    private static final Set<String> DIGITAL = Set.of("email", "sms", "whatsapp");
    private static final Base64.Encoder TOKENS = Base64.getUrlEncoder().withoutPadding();

    private final ReceiptRepository repository;
    private final ReceiptSettings settings;
    private final ReceiptDelivery delivery;
    private final Sales sales;
    private final Stores stores;
    private final IdentifierNormaliser normaliser;
    private final ReceiptsProperties properties;
    private final JsonMapper json;
    private final SecureRandom random = new SecureRandom();
    private final CaptureFeeds.Feed feed;

    ReceiptFeed(ReceiptRepository repository, ReceiptSettings settings, ReceiptDelivery delivery, Sales sales,
                Stores stores, IdentifierNormaliser normaliser, ReceiptsProperties properties, JsonMapper json,
                CaptureFeeds feeds) {
        this.repository = repository;
        this.settings = settings;
        this.delivery = delivery;
        this.sales = sales;
        this.stores = stores;
        this.normaliser = normaliser;
        this.properties = properties;
        this.json = json;
        this.feed = feeds.follow(FEED, this::handle);
    }

    /** Runs the feed now, in the caller's thread. */
    int drain() {
        return feed.drain();
    }

    private void handle(List<CapturedEvent> events) {
        for (CapturedEvent event : events) {
            if (!event.eventId().startsWith("pos:")) {
                continue; // a pos.* event sent through the events API has no recorded sale to show
            }
            switch (event.type()) {
                case "pos.purchase" -> sale(event);
                case "pos.void" -> original(event).ifPresent(original ->
                        repository.voided(event.tenantId(), original, event.occurredAt()));
                case "pos.refund" -> original(event).ifPresent(original ->
                        sales.find(event.tenantId(), original).ifPresent(sale ->
                                repository.refunded(event.tenantId(), original, sale.refunded())));
                default -> {
                }
            }
        }
    }

    private void sale(CapturedEvent event) {
        if (event.storeId() == null || event.propertiesJson() == null || "import".equals(event.source())
                || event.receivedAt().isBefore(Instant.now().minus(properties.maxAge()))) {
            return; // imported history and old sales get no receipt: nobody is waiting for one
        }
        JsonNode properties = json.readTree(event.propertiesJson());
        String channel = properties.path("receipt").asString("");
        if (!DIGITAL.contains(channel)) {
            return;
        }
        if (sales.find(event.tenantId(), properties.path("transactionId").asString())
                .map(Sales.Sale::voided).orElse(false)) {
            return; // voided before its receipt was made (a parked event tried again): nothing to send
        }
        Settings applied = settings.effective(event.tenantId(), event.storeId());
        if (!applied.on()) {
            return;
        }
        JsonNode given = event.identifiersJson() == null ? json.createObjectNode()
                : json.readTree(event.identifiersJson());
        String country = stores.findById(event.tenantId(), event.storeId()).map(StoreRef::country).orElse(null);
        Normalised email = normalise(IdentifierType.EMAIL, given, country);
        Normalised phone = normalise(IdentifierType.PHONE, given, country);
        Normalised loyalty = normalise(IdentifierType.LOYALTY_ID, given, country);
        Normalised address = channel.equals("email") ? email : phone;
        if (address == null) {
            return; // chose a digital receipt but gave nothing to send it to: the till prints one
        }
        ObjectNode typed = json.createObjectNode();
        for (String key : List.of("email", "phone", "loyaltyId")) {
            if (given.path(key).isString()) {
                typed.put(key, given.path(key).asString());
            }
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ReceiptRepository.Receipt receipt = new ReceiptRepository.Receipt(UUID.randomUUID(), event.tenantId(), token(),
                properties.path("transactionId").asString(), event.sequence(), event.storeId(), event.occurredAt(),
                properties.path("currency").asString(), properties.path("total").asLong(), 0,
                ReceiptRepository.ACTIVE, null, channel, address.value(), value(email), value(phone), value(loyalty),
                typed.toString(), ticked(properties, channel) ? event.occurredAt() : null,
                address.usable() ? ReceiptRepository.PENDING : ReceiptRepository.UNDELIVERABLE,
                address.usable() ? null : address.type().key() + " " + address.problem(), null, 0, null, now, null);
        if (repository.insert(receipt) && address.usable() && delivery.settled(receipt, now)) {
            delivery.deliver(receipt);
        }
    }

    /** Whether the sale carries a marketing tick for the receipt's channel, which the message must wait for. */
    private static boolean ticked(JsonNode properties, String channel) {
        for (JsonNode tick : properties.path("consents")) {
            if (channel.equals(tick.path("channel").asString("")) && "marketing".equals(tick.path("purpose")
                    .asString(""))) {
                return true;
            }
        }
        return false;
    }

    private Normalised normalise(IdentifierType type, JsonNode given, String country) {
        JsonNode raw = given.path(type.key());
        return raw.isString() && !raw.asString().isBlank() ? normaliser.normalise(type, raw.asString(), country) : null;
    }

    private static String value(Normalised normalised) {
        return normalised == null ? null : normalised.value();
    }

    private Optional<String> original(CapturedEvent event) {
        if (event.propertiesJson() == null) {
            return Optional.empty();
        }
        String original = json.readTree(event.propertiesJson()).path("originalTransactionId").asString("");
        return original.isEmpty() ? Optional.empty() : Optional.of(original);
    }

    /** 128 random bits: the page's address is its only key. */
    private String token() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return TOKENS.encodeToString(bytes);
    }
}

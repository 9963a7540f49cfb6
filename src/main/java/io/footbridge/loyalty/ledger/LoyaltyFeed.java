package io.footbridge.loyalty.ledger;

import io.footbridge.capture.CaptureFeeds;
import io.footbridge.capture.CapturedEvent;
import io.footbridge.capture.Sales;
import io.footbridge.identity.IdentifierNormaliser;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.Normalised;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Follows the capture log (the {@code loyalty} feed): a sale with a loyalty number earns, a refund or void takes
 * back in proportion, and an action the programme rewards (by its event type) earns its bonus; a sign-up with a
 * member's {@code referralCode} records who brought the new member in. The ledger's natural keys make a sale sent
 * twice, or an event handed over again, count once.
 */
@Component
class LoyaltyFeed {

    static final String FEED = "loyalty";

    private final ProgrammeStore programmes;
    private final PointsLedger ledger;
    private final Sales sales;
    private final IdentifierNormaliser normaliser;
    private final JsonMapper json;
    private final CaptureFeeds.Feed feed;
    private final Referrals referrals;
    private final LoyaltyRepository repository;

    LoyaltyFeed(ProgrammeStore programmes, PointsLedger ledger, Sales sales, IdentifierNormaliser normaliser,
                JsonMapper json, CaptureFeeds feeds, Referrals referrals, LoyaltyRepository repository) {
        this.referrals = referrals;
        this.repository = repository;
        this.programmes = programmes;
        this.ledger = ledger;
        this.sales = sales;
        this.normaliser = normaliser;
        this.json = json;
        this.feed = feeds.follow(FEED, this::handle);
    }

    /** Runs the feed now, in the caller's thread. */
    int drain() {
        return feed.drain();
    }

    private void handle(List<CapturedEvent> events) {
        Map<UUID, Optional<Programme>> running = new HashMap<>();
        for (CapturedEvent event : events) {
            Optional<Programme> programme = running.computeIfAbsent(event.tenantId(), programmes::find);
            if (programme.isEmpty()) {
                continue; // no programme, no points: a programme starts earning from the sales after it
            }
            boolean pos = event.eventId().startsWith("pos:");
            switch (event.type()) {
                case "pos.purchase" -> {
                    if (pos) {
                        loyaltyId(event).ifPresent(member -> sales.find(event.tenantId(), transactionId(event))
                                .ifPresent(sale -> ledger.earn(programme.get(), sale, member, sale.storeCode())));
                    }
                }
                case "pos.refund", "pos.void" -> {
                    if (pos) {
                        JsonNode props = props(event);
                        sales.find(event.tenantId(), props.path("originalTransactionId").asString(""))
                                .ifPresent(sale -> ledger.reverse(event.tenantId(), sale,
                                        props.path("transactionId").asString(), event.type().equals("pos.void"),
                                        event.occurredAt()));
                    }
                }
                default -> {
                    boolean signup = event.type().equals("loyalty.signup");
                    Optional<LoyaltyRepository.Member> referrer = signup
                            ? referrals.find(event.tenantId(), props(event).path("referralCode").asString(null))
                            : Optional.empty();
                    if (programme.get().bonuses().containsKey(event.type()) || referrer.isPresent()) {
                        loyaltyId(event).ifPresent(member -> {
                            ledger.bonus(programme.get(), event.tenantId(), member, signup, event.type(),
                                    event.eventId(), event.storeId(), event.occurredAt());
                            // a code no member holds is ignored here: the event is kept, the person still joins
                            referrer.ifPresent(r -> repository.lock(event.tenantId(), member)
                                    .ifPresent(joined -> ledger.refer(joined, r)));
                        });
                    }
                }
            }
        }
    }

    private Optional<String> loyaltyId(CapturedEvent event) {
        if (event.identifiersJson() == null) {
            return Optional.empty();
        }
        JsonNode raw = json.readTree(event.identifiersJson()).path("loyaltyId");
        if (!raw.isString() || raw.asString().isBlank()) {
            return Optional.empty();
        }
        Normalised value = normaliser.normalise(IdentifierType.LOYALTY_ID, raw.asString(), null);
        return value.usable() ? Optional.of(value.value()) : Optional.empty();
    }

    private String transactionId(CapturedEvent event) {
        return props(event).path("transactionId").asString("");
    }

    private JsonNode props(CapturedEvent event) {
        return event.propertiesJson() == null ? json.createObjectNode() : json.readTree(event.propertiesJson());
    }
}

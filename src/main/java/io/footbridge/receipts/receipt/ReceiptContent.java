package io.footbridge.receipts.receipt;

import io.footbridge.capture.Sales;
import io.footbridge.consent.Channel;
import io.footbridge.consent.ConsentGate;
import io.footbridge.consent.Purpose;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.offers.OfferSummary;
import io.footbridge.offers.Offers;
import io.footbridge.platform.Brand;
import io.footbridge.platform.StoreRef;
import io.footbridge.receipts.ReceiptSurveys;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What a receipt says, formatted for the customer (the store's clock, the brand's language, the sale's currency),
 * and which calls to action it carries for this customer now. The same content goes into the message and onto the
 * page, so the two never disagree.
 */
@Component
class ReceiptContent {

    /** The gate's answers that mean "this person allowed marketing on this channel": the limits on sending do not apply to what a service message or a page shows. */
    private static final Set<ConsentGate.Reason> GRANTED = EnumSet.of(ConsentGate.Reason.GRANTED,
            ConsentGate.Reason.QUIET_HOURS, ConsentGate.Reason.FREQUENCY_CAP);

    record Line(String sku, String name, int quantity, String unitPrice, String discount, String amount) {
    }

    record Reversal(String kind, String date, String total) {
    }

    record Content(String storeName, String storeCode, String date, String transactionId, String register,
                   List<Line> lines, String subtotal, String discount, String tax, boolean taxIncluded, String total,
                   String paymentMethod, List<Reversal> refunds, String refunded, String net, boolean voided,
                   String voidedDate, String footer) {
    }

    /**
     * A call to action as shown: {@code url} is Footbridge's own link that counts the click; {@code text} what it
     * offers (the reward's discount, the product's name), when it says more than the label.
     */
    record Offered(String cta, String url, String text, boolean marketing) {
    }

    /** Who the receipt is for, as far as the graph knows now. */
    record Customer(UUID profileId, boolean member, boolean marketing) {
    }

    private final IdentityGraph identity;
    private final ConsentGate gate;
    private final Offers offers;
    private final ObjectProvider<ReceiptSurveys> surveys;

    ReceiptContent(IdentityGraph identity, ConsentGate gate, Offers offers, ObjectProvider<ReceiptSurveys> surveys) {
        this.identity = identity;
        this.gate = gate;
        this.offers = offers;
        this.surveys = surveys;
    }

    Content content(ReceiptRepository.Receipt receipt, Sales.Sale sale, Settings settings, Brand brand,
                    StoreRef store) {
        Locale locale = Locale.forLanguageTag(brand.language());
        ZoneId zone = store == null ? ZoneOffset.UTC : store.timeZone();
        DateTimeFormatter when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(locale).withZone(zone);
        String currency = sale.currency();
        List<Line> lines = sale.lines().stream().map(l -> new Line(l.sku(), l.name() == null ? l.sku() : l.name(),
                l.quantity(), Money.format(l.unitPrice(), currency, locale),
                l.discount() > 0 ? Money.format(-l.discount(), currency, locale) : null,
                Money.format(l.amount(), currency, locale))).toList();
        List<Reversal> refunds = sale.reversals().stream().filter(r -> !r.isVoid())
                .map(r -> new Reversal(r.kind(), when.format(r.occurredAt()), Money.format(-r.total(), currency, locale)))
                .toList();
        Instant voidedAt = sale.reversals().stream().filter(Sales.Reversal::isVoid).map(Sales.Reversal::occurredAt)
                .findFirst().orElse(receipt.voidedAt());
        boolean voided = sale.voided() || receipt.voided();
        long refunded = sale.refunded();
        return new Content(store == null ? sale.storeCode() : store.name(), sale.storeCode(),
                when.format(sale.occurredAt()), sale.transactionId(), sale.register(), lines,
                Money.format(sale.subtotal(), currency, locale),
                sale.discount() > 0 ? Money.format(-sale.discount(), currency, locale) : null,
                Money.format(sale.tax(), currency, locale), sale.taxIncluded(),
                Money.format(sale.total(), currency, locale), sale.paymentMethod(), refunds,
                refunded > 0 ? Money.format(refunded, currency, locale) : null,
                refunded > 0 ? Money.format(sale.total() - refunded, currency, locale) : null, voided,
                voided && voidedAt != null ? when.format(voidedAt) : null, settings.footer());
    }

    /** The profile the receipt's identifiers lead to (strongest first), whether they are a member, and may get marketing. */
    Customer customer(ReceiptRepository.Receipt receipt, ZoneId zone) {
        UUID profile = profile(receipt);
        boolean member = receipt.loyaltyId() != null || profile != null && identity.identifiers(receipt.tenantId(),
                profile).stream().anyMatch(i -> i.type() == IdentifierType.LOYALTY_ID && !i.denied());
        return new Customer(profile, member, marketing(receipt, profile, zone));
    }

    UUID profile(ReceiptRepository.Receipt receipt) {
        Optional<UUID> found = Optional.empty();
        if (receipt.loyaltyId() != null) {
            found = identity.findByIdentifier(receipt.tenantId(), IdentifierType.LOYALTY_ID, receipt.loyaltyId());
        }
        if (found.isEmpty() && receipt.phone() != null) {
            found = identity.findByIdentifier(receipt.tenantId(), IdentifierType.PHONE, receipt.phone());
        }
        if (found.isEmpty() && receipt.email() != null) {
            found = identity.findByIdentifier(receipt.tenantId(), IdentifierType.EMAIL, receipt.email());
        }
        return found.orElse(null);
    }

    private boolean marketing(ReceiptRepository.Receipt receipt, UUID profile, ZoneId zone) {
        if (receipt.address() == null) {
            return false;
        }
        Channel channel = Channel.of(receipt.channel()).orElseThrow();
        ConsentGate.Decision decision = gate.check(new ConsentGate.Ask(receipt.tenantId(), profile, channel,
                Purpose.MARKETING, receipt.address(), zone, Instant.now()));
        return GRANTED.contains(decision.reason());
    }

    /**
     * The calls to action this receipt carries now: none on a voided sale; the marketing ones (shop, reward, club)
     * only with the customer's marketing permission on the receipt's channel; the survey unless it was answered.
     */
    List<Offered> ctas(ReceiptRepository.Receipt receipt, Sales.Sale sale, Settings settings, Customer customer,
                       String via, String base) {
        List<Offered> offered = new ArrayList<>();
        if (receipt.voided() || sale.voided() || receipt.token() == null) {
            return offered;
        }
        String link = base + "/r/" + receipt.token() + "/go/";
        if (customer.marketing() && settings.shop()) {
            shopTarget(sale, settings).ifPresent(target -> offered.add(new Offered(Ctas.SHOP,
                    link + Ctas.SHOP + "?via=" + via, target.text(), true)));
        }
        if (customer.marketing() && settings.rewards()) {
            reward(receipt.tenantId(), settings).ifPresent(offer -> offered.add(new Offered(Ctas.REWARD,
                    link + Ctas.REWARD + "?via=" + via, offer.discount(), true)));
        }
        if (settings.surveys() && (customer.marketing() || !settings.survey().marketing())) {
            ReceiptSurveys linked = surveys.getIfAvailable();
            if (linked != null && !linked.answered(receipt.tenantId(), receipt.id())
                    && linked.link(receipt.tenantId(), settings.survey().surveyId(), receipt.id()).isPresent()) {
                offered.add(new Offered(Ctas.SURVEY, link + Ctas.SURVEY + "?via=" + via, null,
                        settings.survey().marketing()));
            }
        }
        if (customer.marketing() && settings.club() && !customer.member()) {
            offered.add(new Offered(Ctas.CLUB, link + Ctas.CLUB + "?via=" + via, null, true));
        }
        return offered;
    }

    /** The reward's offer while it can still be issued through receipts. */
    Optional<OfferSummary> reward(UUID tenantId, Settings settings) {
        if (!settings.rewards()) {
            return Optional.empty();
        }
        return offers.find(tenantId, settings.reward().offerId())
                .filter(o -> o.active(Instant.now()) && (o.channels().isEmpty() || o.channels().contains("receipt")));
    }

    record ShopTarget(String url, String text) {
    }

    /**
     * Where "shop similar online" leads: the page of the dearest line's product, else its category's page, else the
     * shop. Lines are looked at by what they cost, as the main purchase is the best guess at what interests.
     */
    static Optional<ShopTarget> shopTarget(Sales.Sale sale, Settings settings) {
        List<Sales.Line> lines = sale.lines().stream().sorted(Comparator.comparingLong(Sales.Line::amount).reversed()
                .thenComparingInt(Sales.Line::lineNo)).toList();
        for (Sales.Line line : lines) {
            if (line.productUrl() != null) {
                return Optional.of(new ShopTarget(line.productUrl(), line.name()));
            }
        }
        var categories = settings.shopOnline().categoryUrls();
        if (categories != null) {
            for (Sales.Line line : lines) {
                if (line.category() != null && categories.containsKey(line.category())) {
                    return Optional.of(new ShopTarget(categories.get(line.category()), line.category()));
                }
            }
        }
        return Optional.ofNullable(settings.shopOnline().url()).map(url -> new ShopTarget(url, null));
    }
}

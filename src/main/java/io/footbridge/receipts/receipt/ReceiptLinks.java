package io.footbridge.receipts.receipt;

import io.footbridge.capture.Sales;
import io.footbridge.hosted.WebLinks;
import io.footbridge.offers.IssuedCoupon;
import io.footbridge.offers.OfferSummary;
import io.footbridge.offers.Offers;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.receipts.ReceiptSurveys;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a receipt's call to action leads: the shop (with the customer's identifiers for the web tracker), the
 * reward coupon (issued once, then the same one), the survey or the club; the click is recorded on the way.
 */
@Service
class ReceiptLinks {

    /** Where to send the customer. */
    sealed interface Follow {
    }

    record Target(String url) implements Follow {
    }

    /** Back to the receipt: the action is not (or no longer) on it, or leads nowhere now. */
    record Back() implements Follow {
    }

    /** The reward cannot be had (no offer, or the offer refused to issue). */
    record Unavailable() implements Follow {
    }

    private final ReceiptRepository repository;
    private final ReceiptSettings settings;
    private final ReceiptContent content;
    private final Offers offers;
    private final ObjectProvider<ReceiptSurveys> surveys;
    private final Visits visits;
    private final WebLinks webLinks;
    private final Stores stores;
    private final TransactionTemplate transaction;
    private final JsonMapper json;

    ReceiptLinks(ReceiptRepository repository, ReceiptSettings settings, ReceiptContent content, Offers offers,
                 ObjectProvider<ReceiptSurveys> surveys, Visits visits, WebLinks webLinks, Stores stores,
                 TransactionTemplate transaction, JsonMapper json) {
        this.repository = repository;
        this.settings = settings;
        this.content = content;
        this.offers = offers;
        this.surveys = surveys;
        this.visits = visits;
        this.webLinks = webLinks;
        this.stores = stores;
        this.transaction = transaction;
        this.json = json;
    }

    /** Follows {@code cta} of a receipt for a person (not a link checker); {@code via} message or page. */
    Follow follow(ReceiptRepository.Receipt receipt, Sales.Sale sale, String cta, boolean fromMessage) {
        StoreRef store = stores.findById(receipt.tenantId(), receipt.storeId()).orElse(null);
        ZoneId zone = store == null ? ZoneOffset.UTC : store.timeZone();
        Settings applied = settings.effective(receipt.tenantId(), receipt.storeId());
        ReceiptContent.Customer customer = content.customer(receipt, zone);
        boolean offered = content.ctas(receipt, sale, applied, customer, "page", "").stream()
                .anyMatch(o -> o.cta().equals(cta));
        if (!offered && !(cta.equals(Ctas.REWARD) && claimed(receipt))) {
            return new Back();
        }
        String target = null;
        Map<String, Object> properties = new LinkedHashMap<>();
        switch (cta) {
            case Ctas.SHOP -> target = ReceiptContent.shopTarget(sale, applied)
                    .map(t -> webLinks.identifying(receipt.tenantId(), t.url(), identifiers(receipt)).orElse(t.url()))
                    .orElse(null);
            case Ctas.REWARD -> {
                Optional<String> kept = repository.ctas(receipt.id()).stream()
                        .filter(c -> c.cta().equals(Ctas.REWARD) && c.couponUrl() != null)
                        .map(ReceiptRepository.Cta::couponUrl).findFirst();
                if (kept.isPresent()) {
                    target = kept.get(); // claimed before: the same coupon, not another issue
                    break;
                }
                Optional<OfferSummary> offer = content.reward(receipt.tenantId(), applied);
                UUID offerId = offer.map(OfferSummary::id).orElse(applied.rewards() ? applied.reward().offerId() : null);
                if (offerId == null) {
                    return new Unavailable();
                }
                try {
                    IssuedCoupon coupon = offers.issue(receipt.tenantId(), offerId, customer.profileId(), "receipt",
                            "receipt:" + receipt.channel(), "receipt:" + receipt.id());
                    target = coupon.pageUrl();
                    properties.put("offerId", offerId.toString());
                    String code = coupon.displayCode();
                    String url = coupon.pageUrl();
                    transaction.executeWithoutResult(status -> {
                        repository.shown(receipt.id(), receipt.tenantId(), Ctas.REWARD, false, false);
                        repository.coupon(receipt.id(), code, url);
                    });
                } catch (ProblemException refused) {
                    return new Unavailable();
                }
            }
            case Ctas.SURVEY -> {
                ReceiptSurveys linked = surveys.getIfAvailable();
                target = linked == null || !applied.surveys() ? null
                        : linked.link(receipt.tenantId(), applied.survey().surveyId(), receipt.id()).orElse(null);
            }
            default -> target = applied.club() ? applied.joinClub().url() : null;
        }
        if (target == null) {
            return new Back();
        }
        properties.put("via", fromMessage ? "message" : "page");
        visits.clicked(receipt, cta, fromMessage, properties, Instant.now().truncatedTo(ChronoUnit.MICROS));
        return new Target(target);
    }

    /** Whether the reward coupon was issued for this receipt already. */
    boolean claimed(ReceiptRepository.Receipt receipt) {
        return repository.ctas(receipt.id()).stream()
                .anyMatch(c -> c.cta().equals(Ctas.REWARD) && c.couponUrl() != null);
    }

    private Map<String, String> identifiers(ReceiptRepository.Receipt receipt) {
        Map<String, String> typed = new LinkedHashMap<>();
        if (receipt.identifiers() != null) {
            JsonNode node = json.readTree(receipt.identifiers());
            node.propertyNames().forEach(name -> typed.put(name, node.get(name).asString()));
        }
        return typed;
    }
}

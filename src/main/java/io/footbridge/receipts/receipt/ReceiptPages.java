package io.footbridge.receipts.receipt;

import io.footbridge.capture.Sales;
import io.footbridge.platform.Brand;
import io.footbridge.platform.Brands;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.OpeningHours;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.receipts.ReceiptSurveys;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the customer's receipt page shows and what following one of its calls to action does: the receipt with its
 * store, opening hours and the calls to action this customer may see, a view counted once it is a person's, and a
 * click sent on to the action's target.
 */
@Service
class ReceiptPages {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{22}");

    private final ReceiptRepository repository;
    private final ReceiptSettings settings;
    private final ReceiptContent content;
    private final ReceiptLinks links;
    private final Sales sales;
    private final ObjectProvider<ReceiptSurveys> surveys;
    private final Visits visits;
    private final Brands brands;
    private final Stores stores;
    private final HostedPages pages;

    ReceiptPages(ReceiptRepository repository, ReceiptSettings settings, ReceiptContent content, ReceiptLinks links,
                 Sales sales, ObjectProvider<ReceiptSurveys> surveys, Visits visits, Brands brands, Stores stores,
                 HostedPages pages) {
        this.repository = repository;
        this.settings = settings;
        this.content = content;
        this.links = links;
        this.sales = sales;
        this.surveys = surveys;
        this.visits = visits;
        this.brands = brands;
        this.stores = stores;
        this.pages = pages;
    }

    /** The receipt page: the receipt, when to come back, its calls to action by name and a reward's coupon. */
    record Page(Brand brand, ReceiptContent.Content receipt, List<String> hours,
                Map<String, ReceiptContent.Offered> ctas, ReceiptRepository.Cta coupon, boolean surveyAnswered) {
    }

    /** Where a call to action's click leads. */
    sealed interface Followed {
    }

    /** No such receipt or action. */
    record Unknown() implements Followed {
    }

    record SendTo(String url) implements Followed {
    }

    /** The reward cannot be had: the page says so and leads back to the receipt. */
    record Unavailable(Brand brand, String back) implements Followed {
    }

    /** The receipt behind a token; a person's view ({@code counted}) is put on the timeline, a bot's is not. */
    Optional<Page> show(String token, boolean counted) {
        Optional<Found> found = find(token);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ReceiptRepository.Receipt receipt = found.get().receipt();
        Sales.Sale sale = found.get().sale();
        StoreRef store = stores.findById(receipt.tenantId(), receipt.storeId()).orElse(null);
        ZoneId zone = store == null ? ZoneOffset.UTC : store.timeZone();
        Brand brand = brands.of(receipt.tenantId());
        Settings applied = settings.effective(receipt.tenantId(), receipt.storeId());
        ReceiptContent.Customer customer = content.customer(receipt, zone);
        List<ReceiptContent.Offered> ctas = content.ctas(receipt, sale, applied, customer, "page", pages.baseUrl());
        if (counted) {
            visits.viewed(receipt, ctas, Instant.now().truncatedTo(ChronoUnit.MICROS));
        }
        Map<String, ReceiptRepository.Cta> kept = new HashMap<>();
        repository.ctas(receipt.id()).forEach(c -> kept.put(c.cta(), c));
        ReceiptRepository.Cta reward = kept.get(Ctas.REWARD);
        Map<String, ReceiptContent.Offered> byName = new LinkedHashMap<>();
        ctas.forEach(c -> byName.put(c.cta(), c));
        ReceiptSurveys linked = surveys.getIfAvailable();
        return Optional.of(new Page(brand, content.content(receipt, sale, applied, brand, store),
                hours(receipt, brand), byName,
                reward != null && reward.couponUrl() != null && byName.containsKey(Ctas.REWARD) ? reward : null,
                applied.surveys() && linked != null && linked.answered(receipt.tenantId(), receipt.id())));
    }

    /**
     * A click on a call to action: counted and sent on when a person ({@code counted}) made it, else back to the
     * receipt.
     */
    Followed follow(String token, String cta, boolean fromMessage, boolean counted) {
        Optional<Found> found = Ctas.ALL.contains(cta) ? find(token) : Optional.empty();
        if (found.isEmpty()) {
            return new Unknown();
        }
        ReceiptRepository.Receipt receipt = found.get().receipt();
        String back = pages.baseUrl() + "/r/" + receipt.token();
        if (!counted) {
            return new SendTo(back);
        }
        ReceiptLinks.Follow follow = links.follow(receipt, found.get().sale(), cta, fromMessage);
        if (follow instanceof ReceiptLinks.Target target) {
            return new SendTo(target.url());
        }
        if (follow instanceof ReceiptLinks.Unavailable) {
            return new Unavailable(brands.of(receipt.tenantId()), "/r/" + receipt.token());
        }
        return new SendTo(back);
    }

    /** The store's opening hours a day a line, in the brand's language: when to come back. */
    private List<String> hours(ReceiptRepository.Receipt receipt, Brand brand) {
        Locale locale = Locale.forLanguageTag(brand.language());
        Map<DayOfWeek, List<String>> byDay = new TreeMap<>();
        for (OpeningHours interval : stores.openingHours(receipt.tenantId(), receipt.storeId())) {
            byDay.computeIfAbsent(interval.weekday(), d -> new ArrayList<>())
                    .add(interval.opens() + "–" + interval.closes());
        }
        return byDay.entrySet().stream().map(e -> e.getKey().getDisplayName(TextStyle.FULL, locale) + ": "
                + String.join(", ", e.getValue())).toList();
    }

    private record Found(ReceiptRepository.Receipt receipt, Sales.Sale sale) {
    }

    private Optional<Found> find(String token) {
        if (!TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        return repository.findByToken(token).flatMap(receipt -> sales.find(receipt.tenantId(),
                receipt.transactionId()).map(sale -> new Found(receipt, sale)));
    }
}

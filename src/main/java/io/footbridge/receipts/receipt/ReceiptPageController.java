package io.footbridge.receipts.receipt;

import io.footbridge.capture.Sales;
import io.footbridge.hosted.WebLinks;
import io.footbridge.offers.IssuedCoupon;
import io.footbridge.offers.OfferSummary;
import io.footbridge.offers.Offers;
import io.footbridge.platform.Brand;
import io.footbridge.platform.Brands;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.OpeningHours;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.receipts.ReceiptSurveys;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.format.TextStyle;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The customer's receipt at {@code /r/{token}}: the store, the lines, discounts, taxes and totals, refunds and a
 * void, and the calls to action this customer may see. {@code /r/{token}/go/{cta}} counts a call to action's click,
 * puts it on the customer's timeline and sends them on. Link previews and bots count nothing and claim nothing.
 */
@Controller
@Hidden
class ReceiptPageController {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final Pattern BOT = Pattern.compile(
            "(?i)bot\\b|crawler|spider|slurp|facebookexternalhit|embedly|linkpreview|whatsapp|skypeuripreview");

    private final ReceiptRepository repository;
    private final ReceiptSettings settings;
    private final ReceiptContent content;
    private final Sales sales;
    private final Offers offers;
    private final ObjectProvider<ReceiptSurveys> surveys;
    private final Visits visits;
    private final WebLinks webLinks;
    private final Brands brands;
    private final Stores stores;
    private final HostedPages pages;
    private final TransactionTemplate transaction;
    private final JsonMapper json;

    ReceiptPageController(ReceiptRepository repository, ReceiptSettings settings, ReceiptContent content, Sales sales,
                          Offers offers, ObjectProvider<ReceiptSurveys> surveys, Visits visits,
                          WebLinks webLinks, Brands brands, Stores stores, HostedPages pages,
                          TransactionTemplate transaction, JsonMapper json) {
        this.repository = repository;
        this.settings = settings;
        this.content = content;
        this.sales = sales;
        this.offers = offers;
        this.surveys = surveys;
        this.visits = visits;
        this.webLinks = webLinks;
        this.brands = brands;
        this.stores = stores;
        this.pages = pages;
        this.transaction = transaction;
        this.json = json;
    }

    @GetMapping("/r/{token}")
    ModelAndView page(@PathVariable String token,
                      @RequestHeader(name = HttpHeaders.USER_AGENT, required = false) String userAgent,
                      HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        Optional<Found> found = find(token);
        if (found.isEmpty()) {
            return unknown(request);
        }
        ReceiptRepository.Receipt receipt = found.get().receipt();
        Sales.Sale sale = found.get().sale();
        StoreRef store = stores.findById(receipt.tenantId(), receipt.storeId()).orElse(null);
        ZoneId zone = store == null ? ZoneOffset.UTC : store.timeZone();
        Brand brand = brands.of(receipt.tenantId());
        HostedPages.speak(request, brand);
        Settings applied = settings.effective(receipt.tenantId(), receipt.storeId());
        ReceiptContent.Customer customer = content.customer(receipt, zone);
        List<ReceiptContent.Offered> ctas = content.ctas(receipt, sale, applied, customer, "page", pages.baseUrl());
        boolean counted = human(request, userAgent);
        if (counted) {
            visits.viewed(receipt, ctas, Instant.now().truncatedTo(ChronoUnit.MICROS));
        }
        Map<String, ReceiptRepository.Cta> kept = new HashMap<>();
        repository.ctas(receipt.id()).forEach(c -> kept.put(c.cta(), c));
        ReceiptRepository.Cta reward = kept.get(Ctas.REWARD);
        Map<String, Object> model = new HashMap<>();
        model.put("brand", brand);
        model.put("receipt", content.content(receipt, sale, applied, brand, store));
        model.put("hours", hours(receipt, brand));
        Map<String, ReceiptContent.Offered> byName = new LinkedHashMap<>();
        ctas.forEach(c -> byName.put(c.cta(), c));
        model.put("ctas", byName);
        model.put("coupon", reward != null && reward.couponUrl() != null && byName.containsKey(Ctas.REWARD)
                ? reward : null);
        ReceiptSurveys linked = surveys.getIfAvailable();
        model.put("surveyAnswered", applied.surveys() && linked != null
                && linked.answered(receipt.tenantId(), receipt.id()));
        return new ModelAndView("receipts/receipt", model, HttpStatus.OK);
    }

    @GetMapping("/r/{token}/go/{cta}")
    ModelAndView go(@PathVariable String token, @PathVariable String cta,
                    @RequestParam(name = "via", required = false) String via,
                    @RequestHeader(name = HttpHeaders.USER_AGENT, required = false) String userAgent,
                    HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        Optional<Found> found = Ctas.ALL.contains(cta) ? find(token) : Optional.empty();
        if (found.isEmpty()) {
            return unknown(request);
        }
        ReceiptRepository.Receipt receipt = found.get().receipt();
        Sales.Sale sale = found.get().sale();
        String back = pages.baseUrl() + "/r/" + receipt.token();
        if (!human(request, userAgent)) {
            return redirect(response, back);
        }
        StoreRef store = stores.findById(receipt.tenantId(), receipt.storeId()).orElse(null);
        ZoneId zone = store == null ? ZoneOffset.UTC : store.timeZone();
        Settings applied = settings.effective(receipt.tenantId(), receipt.storeId());
        ReceiptContent.Customer customer = content.customer(receipt, zone);
        boolean offered = content.ctas(receipt, sale, applied, customer, "page", "").stream()
                .anyMatch(o -> o.cta().equals(cta));
        if (!offered && !(cta.equals(Ctas.REWARD) && claimed(receipt))) {
            return redirect(response, back); // not (or no longer) on this receipt for this customer
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
                    return unavailable(receipt, request);
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
                    return unavailable(receipt, request);
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
            return redirect(response, back);
        }
        boolean fromMessage = "message".equals(via);
        properties.put("via", fromMessage ? "message" : "page");
        visits.clicked(receipt, cta, fromMessage, properties, Instant.now().truncatedTo(ChronoUnit.MICROS));
        return redirect(response, target);
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

    private boolean claimed(ReceiptRepository.Receipt receipt) {
        return repository.ctas(receipt.id()).stream()
                .anyMatch(c -> c.cta().equals(Ctas.REWARD) && c.couponUrl() != null);
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

    private Map<String, String> identifiers(ReceiptRepository.Receipt receipt) {
        Map<String, String> typed = new LinkedHashMap<>();
        if (receipt.identifiers() != null) {
            JsonNode node = json.readTree(receipt.identifiers());
            node.propertyNames().forEach(name -> typed.put(name, node.get(name).asString()));
        }
        return typed;
    }

    private static boolean human(HttpServletRequest request, String userAgent) {
        return !"HEAD".equals(request.getMethod()) && (userAgent == null || !BOT.matcher(userAgent).find());
    }

    private ModelAndView unknown(HttpServletRequest request) {
        Map<String, Object> model = new HashMap<>();
        model.put("brand", null);
        model.put("messageKey", "receipt.unknown");
        return new ModelAndView("receipts/problem", model, HttpStatus.NOT_FOUND);
    }

    private ModelAndView unavailable(ReceiptRepository.Receipt receipt, HttpServletRequest request) {
        Brand brand = brands.of(receipt.tenantId());
        HostedPages.speak(request, brand);
        Map<String, Object> model = new HashMap<>();
        model.put("brand", brand);
        model.put("messageKey", "receipt.reward.unavailable");
        model.put("back", "/r/" + receipt.token());
        return new ModelAndView("receipts/problem", model, HttpStatus.CONFLICT);
    }

    private static ModelAndView redirect(HttpServletResponse response, String location) {
        response.setStatus(HttpStatus.FOUND.value());
        response.setHeader(HttpHeaders.LOCATION, location);
        return null;
    }

    private static void noStore(HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
    }
}

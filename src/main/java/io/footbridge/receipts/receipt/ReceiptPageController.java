package io.footbridge.receipts.receipt;

import io.footbridge.capture.Sales;
import io.footbridge.platform.Brand;
import io.footbridge.platform.Brands;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.OpeningHours;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

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
    private final ReceiptLinks links;
    private final Sales sales;
    private final ObjectProvider<ReceiptSurveys> surveys;
    private final Visits visits;
    private final Brands brands;
    private final Stores stores;
    private final HostedPages pages;

    ReceiptPageController(ReceiptRepository repository, ReceiptSettings settings, ReceiptContent content,
                          ReceiptLinks links, Sales sales, ObjectProvider<ReceiptSurveys> surveys, Visits visits,
                          Brands brands, Stores stores, HostedPages pages) {
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
        ReceiptLinks.Follow follow = links.follow(receipt, sale, cta, "message".equals(via));
        if (follow instanceof ReceiptLinks.Target target) {
            return redirect(response, target.url());
        }
        if (follow instanceof ReceiptLinks.Unavailable) {
            return unavailable(receipt, request);
        }
        return redirect(response, back);
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

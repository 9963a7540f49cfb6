package io.footbridge.feedback.cases;

import io.footbridge.platform.Brand;
import io.footbridge.platform.Brands;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.ModelAndView;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The customer's view of their case at {@code /case/{token}}: its reference, where it stands and the team's answer.
 * Internal notes, the owner and the history stay with staff.
 */
@Controller
@Hidden
class CasePageController {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{22}");

    private final Cases cases;
    private final Brands brands;
    private final Stores stores;

    CasePageController(Cases cases, Brands brands, Stores stores) {
        this.cases = cases;
        this.brands = brands;
        this.stores = stores;
    }

    /** One step of the way a case goes, as the customer sees it. */
    record Step(String key, boolean done, boolean current) {
    }

    @GetMapping("/case/{token}")
    ModelAndView page(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
        Optional<CaseRepository.StoredCase> found = TOKEN.matcher(token).matches() ? cases.byToken(token) : Optional.empty();
        Map<String, Object> model = new HashMap<>();
        if (found.isEmpty()) {
            model.put("brand", null);
            return new ModelAndView("feedback/case-unknown", model, HttpStatus.NOT_FOUND);
        }
        CaseRepository.StoredCase row = found.get();
        Brand brand = brands.of(row.tenantId());
        HostedPages.speak(request, brand);
        StoreRef store = row.storeId() == null ? null : stores.findById(row.tenantId(), row.storeId()).orElse(null);
        ZoneId zone = store == null ? ZoneOffset.UTC : store.timeZone();
        DateTimeFormatter date = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
                .withLocale(Locale.forLanguageTag(brand.language())).withZone(zone);
        CaseStatus status = row.status();
        int reached = switch (status) {
            case OPEN -> 0;
            case IN_PROGRESS, WAITING_FOR_CUSTOMER -> 1;
            case RESOLVED, CLOSED -> 2;
        };
        List<String> keys = List.of("open", "in_progress", "resolved");
        model.put("brand", brand);
        model.put("reference", row.reference());
        model.put("store", store == null ? null : store.name());
        model.put("status", status.value());
        model.put("steps", java.util.stream.IntStream.range(0, keys.size())
                .mapToObj(i -> new Step(keys.get(i), i <= reached, i == reached)).toList());
        model.put("opened", date.format(row.openedAt()));
        model.put("resolved", row.resolvedAt() == null ? null : date.format(row.resolvedAt()));
        model.put("message", row.customerMessage());
        return new ModelAndView("feedback/case", model, HttpStatus.OK);
    }
}

package io.footbridge.offers.coupon;

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
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.servlet.ModelAndView;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The customer's own coupon page at {@code /c/{token}}: the code to show or read out, its QR code and barcode for
 * the till's scanner, what it gives and until when, in the tenant's brand. Opening it counts as a view for the
 * offer's figures; link previews and bots do not count.
 */
@Controller
@Hidden
class CouponPageController {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,32}");
    private static final Pattern BOT = Pattern.compile(
            "(?i)bot\\b|crawler|spider|slurp|facebookexternalhit|embedly|linkpreview|whatsapp|skypeuripreview");

    private final CouponRepository coupons;
    private final OfferService offers;
    private final Discounts discounts;
    private final Brands brands;
    private final Stores stores;

    CouponPageController(CouponRepository coupons, OfferService offers, Discounts discounts, Brands brands,
                         Stores stores) {
        this.coupons = coupons;
        this.offers = offers;
        this.discounts = discounts;
        this.brands = brands;
        this.stores = stores;
    }

    @GetMapping("/c/{token}")
    ModelAndView page(@PathVariable String token,
                      @RequestHeader(name = HttpHeaders.USER_AGENT, required = false) String userAgent,
                      HttpServletRequest request, HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
        Optional<CouponRepository.Found> found = find(token);
        Map<String, Object> model = new HashMap<>();
        if (found.isEmpty()) {
            model.put("brand", null);
            return new ModelAndView("coupons/unknown", model, HttpStatus.NOT_FOUND);
        }
        CouponRepository.Coupon coupon = found.get().coupon();
        OfferRepository.StoredOffer offer = found.get().offer();
        Instant now = Instant.now();
        if (!"HEAD".equals(request.getMethod()) && (userAgent == null || !BOT.matcher(userAgent).find())) {
            coupons.viewed(coupon.id(), now);
        }
        Brand brand = brands.of(coupon.tenantId());
        HostedPages.speak(request, brand);
        Locale locale = Locale.forLanguageTag(brand.language());
        ZoneId zone = zone(offer);
        model.put("brand", brand);
        model.put("offer", offer);
        model.put("code", CouponCodes.display(coupon.code(), coupon.generic() ? null : offer.codePrefix()));
        model.put("discount", discounts.describe(offer, locale));
        model.put("status", CouponService.status(found.get(), now));
        model.put("validFrom", date(offer.validity().from(), zone, locale, false));
        model.put("validUntil", date(offer.validity().until(), zone, locale, true));
        model.put("notYet", now.isBefore(offer.validity().from().in(zone)));
        model.put("redeemedAt", coupon.redeemedAt() == null ? null : DateTimeFormatter
                .ofLocalizedDate(FormatStyle.LONG).withLocale(locale).format(coupon.redeemedAt().atZone(zone)));
        model.put("qr", CouponImages.qrSvg(coupon.code()));
        model.put("barcode", CouponImages.barcodeSvg(coupon.code()));
        return new ModelAndView("coupons/coupon", model, HttpStatus.OK);
    }

    @GetMapping(value = "/c/{token}/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> qrPng(@PathVariable String token) {
        return find(token).map(f -> image(MediaType.IMAGE_PNG, CouponImages.qrPng(f.coupon().code(), 400)))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @GetMapping(value = "/c/{token}/qr.svg", produces = "image/svg+xml")
    ResponseEntity<String> qrSvg(@PathVariable String token) {
        return find(token).map(f -> image(MediaType.valueOf("image/svg+xml"), CouponImages.qrSvg(f.coupon().code())))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @GetMapping(value = "/c/{token}/barcode.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> barcodePng(@PathVariable String token) {
        return find(token).map(f -> image(MediaType.IMAGE_PNG, CouponImages.barcodePng(f.coupon().code(), 3, 120)))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    private Optional<CouponRepository.Found> find(String token) {
        return TOKEN.matcher(token).matches() ? coupons.findByToken(token) : Optional.empty();
    }

    /** A code never changes, so its images may be cached; they hold no state. */
    private static <T> ResponseEntity<T> image(MediaType type, T body) {
        return ResponseEntity.ok().contentType(type).cacheControl(CacheControl.maxAge(Duration.ofDays(7)).cachePublic())
                .body(body);
    }

    /** The offer's one store's zone when it has one; otherwise local times are shown as they are, instants in UTC. */
    private ZoneId zone(OfferRepository.StoredOffer offer) {
        OfferRepository.Targets targets = offers.targets(offer);
        if (targets.stores().size() == 1) {
            return stores.findById(offer.tenantId(), targets.stores().iterator().next()).map(StoreRef::timeZone)
                    .orElse(ZoneOffset.UTC);
        }
        return ZoneOffset.UTC;
    }

    /** A date customers read: the marketer's own wall-clock date for local ends, the last valid day for dates. */
    private static String date(Validity.Boundary boundary, ZoneId zone, Locale locale, boolean end) {
        DateTimeFormatter format = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale);
        LocalDateTime local = boundary.isLocal() ? boundary.local()
                : LocalDateTime.ofInstant(boundary.instant(), zone);
        // an end is exclusive: "until 1 June 00:00" is the last day 31 May
        if (end && local.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)) {
            local = local.minusDays(1);
        }
        return format.format(local);
    }
}

package io.footbridge.hosted.placement;

import io.footbridge.capture.EventRecorder;
import io.footbridge.platform.Brand;
import io.footbridge.platform.Brands;
import io.footbridge.platform.HostedPages;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The short link a QR code or NFC tag holds: records the scan and sends the phone on to the placement's current
 * destination. An unknown or retired code gets a friendly page, never an error page.
 */
@Controller
@Hidden
class ShortLinkController {

    static final String VISITOR_COOKIE = "fb_aid";
    private static final Pattern CODE = Pattern.compile("[a-zA-Z0-9]{1,16}");
    private static final Pattern BOT = Pattern.compile(
            "(?i)bot\\b|crawler|spider|slurp|facebookexternalhit|embedly|linkpreview|whatsapp|skypeuripreview");

    private final PlacementRepository repository;
    private final Placements placements;
    private final EventRecorder recorder;
    private final Brands brands;
    private final JsonMapper json;

    ShortLinkController(PlacementRepository repository, Placements placements, EventRecorder recorder,
                        Brands brands, JsonMapper json) {
        this.repository = repository;
        this.placements = placements;
        this.recorder = recorder;
        this.brands = brands;
        this.json = json;
    }

    @GetMapping("/q/{code}")
    ModelAndView open(@PathVariable String code, @RequestParam(required = false) String via,
                      @CookieValue(name = VISITOR_COOKIE, required = false) String visitorCookie,
                      @RequestHeader(name = HttpHeaders.USER_AGENT, required = false) String userAgent,
                      HttpServletRequest request, HttpServletResponse response) {
        Optional<PlacementRepository.StoredPlacement> found = CODE.matcher(code).matches()
                ? repository.findByCode(code.toLowerCase(Locale.ROOT)) : Optional.empty();
        if (found.isEmpty()) {
            return inactive(null, HttpStatus.NOT_FOUND, request);
        }
        PlacementRepository.StoredPlacement placement = found.get();
        Optional<String> destination = placement.retiredAt() == null ? placements.currentDestination(placement)
                : Optional.empty();
        if (destination.isEmpty()) {
            return inactive(placement.tenantId(), HttpStatus.GONE, request);
        }
        boolean nfc = "nfc".equals(via);
        UUID visitor = parse(visitorCookie);
        boolean firstScan = visitor == null;
        if (firstScan) {
            visitor = UUID.randomUUID();
        }
        // link checkers and chat apps unfurling a shared link are not people scanning
        boolean person = !"HEAD".equals(request.getMethod()) && (userAgent == null || !BOT.matcher(userAgent).find());
        if (person) {
            record(placement, destination.get(), visitor, firstScan, nfc, userAgent);
        }
        ResponseCookie cookie = ResponseCookie.from(VISITOR_COOKIE, visitor.toString()).path("/").httpOnly(true)
                .secure(request.isSecure()).sameSite("Lax").maxAge(Duration.ofDays(730)).build();
        response.setStatus(HttpStatus.FOUND.value());
        response.setHeader(HttpHeaders.LOCATION, withUtm(placement, destination.get(), nfc));
        response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
        // every scan must reach us to be counted
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
        return null;
    }

    /** The marketer's own UTM parameters win; ours fill in what is missing. */
    static String withUtm(PlacementRepository.StoredPlacement placement, String destination, boolean nfc) {
        if (!placement.addUtm()) {
            return destination;
        }
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(destination);
        var existing = uri.build().getQueryParams();
        String source = placement.storeCode() == null ? "footbridge"
                : "store-" + placement.storeCode().toLowerCase(Locale.ROOT);
        add(uri, existing, "utm_source", source);
        add(uri, existing, "utm_medium", nfc ? "nfc" : "qr");
        if (placement.campaign() != null) {
            add(uri, existing, "utm_campaign", placement.campaign());
        }
        add(uri, existing, "utm_content", placement.kind().value() + "-" + placement.code());
        return uri.build(true).toUriString();
    }

    private static void add(UriComponentsBuilder uri, org.springframework.util.MultiValueMap<String, String> existing,
                            String name, String value) {
        if (!existing.containsKey(name)) {
            uri.queryParam(name, UriUtils.encodeQueryParam(value, StandardCharsets.UTF_8));
        }
    }

    private void record(PlacementRepository.StoredPlacement placement, String destination, UUID visitor, boolean firstScan,
                        boolean nfc, String userAgent) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ObjectNode properties = json.createObjectNode();
        properties.put(nfc ? "tag" : "placement", placement.code());
        properties.put("url", destination);
        properties.put("kind", placement.kind().value());
        properties.put("firstScan", firstScan);
        if (userAgent != null) {
            properties.put("userAgent", userAgent.length() > 300 ? userAgent.substring(0, 300) : userAgent);
        }
        ObjectNode identifiers = json.createObjectNode().put("anonymousId", visitor.toString());
        EventRecorder.NewEvent event = new EventRecorder.NewEvent(UUID.randomUUID().toString(),
                nfc ? "nfc.tap" : "qr.scan", now, placement.storeId(), placement.touchpointId(),
                identifiers.toString(), properties.toString());
        recorder.record(placement.tenantId(), nfc ? "nfc" : "qr", List.of(event));
    }

    private ModelAndView inactive(UUID tenantId, HttpStatus status, HttpServletRequest request) {
        Brand brand = tenantId == null ? null : brands.of(tenantId);
        if (brand != null) {
            HostedPages.speak(request, brand);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("brand", brand);
        model.put("retired", status == HttpStatus.GONE);
        return new ModelAndView("links/inactive", model, status);
    }

    private static UUID parse(String cookie) {
        if (cookie == null || cookie.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(cookie);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

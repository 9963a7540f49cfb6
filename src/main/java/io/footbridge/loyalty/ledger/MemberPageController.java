package io.footbridge.loyalty.ledger;

import io.footbridge.offers.IssuedCoupon;
import io.footbridge.platform.Barcodes;
import io.footbridge.platform.Brand;
import io.footbridge.platform.Brands;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Tenants;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The member page, the customer's own app without an app store, at {@code /club/{token}}: the card's QR code for
 * the till, balances and history, tier progress, rewards, coupons, receipts, preferences and the wallet cards. It
 * opens from a signed link (a message, the card) or after a sign-in by one-time code at
 * {@code /club/sign-in/{tenant}}. A forged link shows a page that says so and nothing else; an expired one offers
 * the sign-in. It is installable as a web app: its manifest and service worker are served from here too.
 */
@Controller
@Hidden
class MemberPageController {

    private final MemberLinks links;
    private final MemberPage pages;
    private final MemberSignIn signIn;
    private final Members members;
    private final WalletPasses passes;
    private final GoogleWallet google;
    private final WalletIssuers issuers;
    private final LoyaltyRepository repository;
    private final Brands brands;
    private final Tenants tenants;

    MemberPageController(MemberLinks links, MemberPage pages, MemberSignIn signIn, Members members,
                         WalletPasses passes, GoogleWallet google, WalletIssuers issuers,
                         LoyaltyRepository repository, Brands brands, Tenants tenants) {
        this.links = links;
        this.pages = pages;
        this.signIn = signIn;
        this.members = members;
        this.passes = passes;
        this.google = google;
        this.issuers = issuers;
        this.repository = repository;
        this.brands = brands;
        this.tenants = tenants;
    }

    @GetMapping("/club/{token}")
    ModelAndView page(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        keepPrivate(response);
        Instant now = Instant.now();
        Optional<MemberLinks.Opened> opened = links.open(token, now);
        if (opened.isEmpty()) {
            return problem(null, "forged", HttpStatus.NOT_FOUND, request);
        }
        Brand brand = brands.of(opened.get().tenantId());
        if (opened.get().expired()) {
            return problem(brand, "expired", HttpStatus.GONE, request);
        }
        HostedPages.speak(request, brand);
        Optional<MemberPage.View> view = pages.of(brand.tenantId(), opened.get().memberId(), now,
                Locale.forLanguageTag(brand.language()));
        if (view.isEmpty()) {
            return problem(brand, "gone", HttpStatus.NOT_FOUND, request);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("brand", brand);
        model.put("view", view.get());
        model.put("token", token);
        model.put("offerRefused", "refused".equals(request.getParameter("offer")));
        model.put("qr", qr(view.get().member().loyaltyId()));
        return new ModelAndView("loyalty/member", model, HttpStatus.OK);
    }

    /**
     * Takes an offer kept for the member's tier: to the coupon's page when issued (again the same coupon when pressed
     * twice); else back to the member page, saying the offer could not be had (the tier changed, the offer ended).
     */
    @PostMapping("/club/{token}/offers/{offerId}")
    ModelAndView claim(@PathVariable String token, @PathVariable String offerId, HttpServletRequest request,
                       HttpServletResponse response) {
        keepPrivate(response);
        Optional<MemberLinks.Opened> opened = links.open(token, Instant.now());
        if (opened.isEmpty()) {
            return problem(null, "forged", HttpStatus.NOT_FOUND, request);
        }
        Brand brand = brands.of(opened.get().tenantId());
        if (opened.get().expired()) {
            return problem(brand, "expired", HttpStatus.GONE, request);
        }
        UUID offer = uuid(offerId);
        Optional<IssuedCoupon> coupon = Optional.empty();
        if (offer != null) {
            try {
                coupon = pages.claim(brand.tenantId(), opened.get().memberId(), offer);
            } catch (ProblemException refused) {
                coupon = Optional.empty();
            }
        }
        return new ModelAndView("redirect:" + coupon.map(IssuedCoupon::pageUrl)
                .orElse(MemberLinks.PATH + token + "?offer=refused"), HttpStatus.SEE_OTHER);
    }

    @GetMapping(value = "/club/{token}/card.pkpass", produces = "application/vnd.apple.pkpass")
    ResponseEntity<byte[]> applePass(@PathVariable String token) {
        return opened(token).map(member -> ResponseEntity.ok()
                        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"card.pkpass\"")
                        .cacheControl(CacheControl.noStore())
                        .contentType(MediaType.parseMediaType("application/vnd.apple.pkpass"))
                        .body(passes.pass(brands.of(member.tenantId()), members.view(member.tenantId(), member),
                                member.id(), issuers.apple(member.tenantId()))))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    @GetMapping("/club/{token}/google-wallet")
    ResponseEntity<Void> googleWallet(@PathVariable String token) {
        return opened(token).flatMap(member -> issuers.google(member.tenantId()).map(issuer -> google.saveUrl(issuer,
                        brands.of(member.tenantId()), members.view(member.tenantId(), member), member.id())))
                .map(url -> ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(url))
                        .cacheControl(CacheControl.noStore()).<Void>build())
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    /** The web app's manifest: it starts at this member's page, in the brand's name and colours. */
    @GetMapping(value = "/club/{token}/manifest.webmanifest", produces = "application/manifest+json")
    ResponseEntity<Map<String, Object>> manifest(@PathVariable String token) {
        Optional<MemberLinks.Opened> opened = links.open(token, Instant.now());
        if (opened.isEmpty() || opened.get().expired()) {
            return ResponseEntity.notFound().build();
        }
        Brand brand = brands.of(opened.get().tenantId());
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("name", brand.name());
        manifest.put("short_name", brand.name().length() > 12 ? brand.name().substring(0, 12) : brand.name());
        manifest.put("id", MemberLinks.PATH + "sign-in/" + brand.tenantId());
        manifest.put("start_url", MemberLinks.PATH + token);
        manifest.put("scope", MemberLinks.PATH);
        manifest.put("display", "standalone");
        manifest.put("background_color", brand.backgroundColor());
        manifest.put("theme_color", brand.primaryColor());
        manifest.put("lang", brand.language());
        manifest.put("icons", List.of(Map.of("src", MemberLinks.PATH + "icon.svg", "sizes", "any",
                "type", "image/svg+xml", "purpose", "any")));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .contentType(MediaType.parseMediaType("application/manifest+json")).body(manifest);
    }

    /**
     * The service worker: it keeps the last member page seen, so the card's QR code opens at the till without a
     * signal, and otherwise always asks the network first, so balances are never stale when there is one. It shows
     * the web push notifications the member turned on ({@link MemberPushController}).
     */
    @GetMapping(value = "/club/sw.js", produces = "text/javascript")
    ResponseEntity<String> serviceWorker() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/javascript"))
                .cacheControl(CacheControl.noCache()).header("Service-Worker-Allowed", MemberLinks.PATH)
                .body(SERVICE_WORKER);
    }

    @GetMapping(value = "/club/icon.svg", produces = "image/svg+xml")
    ResponseEntity<String> icon() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("image/svg+xml"))
                .cacheControl(CacheControl.maxAge(Duration.ofDays(7)).cachePublic()).body(ICON);
    }

    @GetMapping("/club/sign-in/{tenant}")
    ModelAndView signInForm(@PathVariable String tenant, HttpServletRequest request, HttpServletResponse response) {
        keepPrivate(response);
        return brand(tenant).map(brand -> form(brand, null, null, HttpStatus.OK, request))
                .orElseGet(() -> problem(null, "forged", HttpStatus.NOT_FOUND, request));
    }

    @PostMapping("/club/sign-in/{tenant}")
    ModelAndView askForCode(@PathVariable String tenant, @RequestParam(required = false) String contact,
                            HttpServletRequest request, HttpServletResponse response) {
        keepPrivate(response);
        Optional<Brand> found = brand(tenant);
        if (found.isEmpty()) {
            return problem(null, "forged", HttpStatus.NOT_FOUND, request);
        }
        Brand brand = found.get();
        MemberSignIn.Asked asked = signIn.ask(brand.tenantId(), contact, brand.language(), request.getRemoteAddr(),
                Instant.now());
        if (asked.retryAfter() != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(asked.retryAfter().toSeconds()));
            return form(brand, contact, "club.signIn.wait", HttpStatus.TOO_MANY_REQUESTS, request,
                    minutes(asked.retryAfter()));
        }
        if (asked.problem() != null) {
            return form(brand, contact, "club.signIn.contact." + asked.problem(), HttpStatus.BAD_REQUEST, request);
        }
        return code(brand, asked.challengeId(), null, HttpStatus.OK, request);
    }

    @PostMapping("/club/sign-in/{tenant}/code")
    ModelAndView checkCode(@PathVariable String tenant, @RequestParam(required = false) String challenge,
                           @RequestParam(required = false) String code, HttpServletRequest request,
                           HttpServletResponse response) {
        keepPrivate(response);
        Optional<Brand> found = brand(tenant);
        UUID challengeId = uuid(challenge);
        if (found.isEmpty()) {
            return problem(null, "forged", HttpStatus.NOT_FOUND, request);
        }
        Brand brand = found.get();
        if (challengeId == null) {
            return form(brand, null, "club.code.dead", HttpStatus.BAD_REQUEST, request);
        }
        Instant now = Instant.now();
        MemberSignIn.Checked checked = signIn.check(brand.tenantId(), challengeId, code, request.getRemoteAddr(), now);
        if (checked.memberId() != null) {
            return new ModelAndView("redirect:" + MemberLinks.PATH + links.token(brand.tenantId(), checked.memberId(),
                    now), HttpStatus.SEE_OTHER);
        }
        if (checked.retryAfter() != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(checked.retryAfter().toSeconds()));
            return form(brand, null, "club.signIn.wait", HttpStatus.TOO_MANY_REQUESTS, request,
                    minutes(checked.retryAfter()));
        }
        if (checked.attemptsLeft() <= 0) {
            return form(brand, null, "club.code.dead", HttpStatus.BAD_REQUEST, request);
        }
        return code(brand, challengeId, checked.attemptsLeft(), HttpStatus.BAD_REQUEST, request);
    }

    private Optional<LoyaltyRepository.Member> opened(String token) {
        return links.open(token, Instant.now()).filter(o -> !o.expired())
                .flatMap(o -> repository.memberById(o.tenantId(), o.memberId()))
                .filter(m -> !m.loyaltyId().startsWith(LoyaltyRepository.ERASED));
    }

    private Optional<Brand> brand(String tenant) {
        UUID id = uuid(tenant);
        return id == null ? Optional.empty() : tenants.find(id).map(t -> brands.of(t.id()));
    }

    private ModelAndView form(Brand brand, String contact, String error, HttpStatus status,
                              HttpServletRequest request, Object... arguments) {
        HostedPages.speak(request, brand);
        Map<String, Object> model = new HashMap<>();
        model.put("brand", brand);
        model.put("contact", contact);
        model.put("error", error);
        model.put("arguments", arguments);
        return new ModelAndView("loyalty/sign-in", model, status);
    }

    private ModelAndView code(Brand brand, UUID challengeId, Integer attemptsLeft, HttpStatus status,
                              HttpServletRequest request) {
        HostedPages.speak(request, brand);
        Map<String, Object> model = new HashMap<>();
        model.put("brand", brand);
        model.put("challenge", challengeId);
        model.put("attemptsLeft", attemptsLeft);
        return new ModelAndView("loyalty/code", model, status);
    }

    private ModelAndView problem(Brand brand, String kind, HttpStatus status, HttpServletRequest request) {
        if (brand != null) {
            HostedPages.speak(request, brand);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("brand", brand);
        model.put("kind", kind);
        return new ModelAndView("loyalty/problem", model, status);
    }

    /** A member's page is theirs alone: no cache keeps it, no search engine lists it. */
    private static void keepPrivate(HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
        response.setHeader("X-Robots-Tag", "noindex");
        response.setHeader("Referrer-Policy", "no-referrer");
    }

    private static long minutes(Duration wait) {
        return Math.max(1, (wait.toSeconds() + 59) / 60);
    }

    private static UUID uuid(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String qr(String loyaltyId) {
        BitMatrix matrix = Barcodes.qr(loyaltyId, 0, ErrorCorrectionLevel.M, false);
        return Barcodes.svg(matrix, "QR code " + loyaltyId, matrix.getHeight(), null);
    }

    private static final String ICON = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96"><rect width="96" height="96" rx="18" \
            fill="#1a1a1a"/><path d="M48 18l9 19 21 3-15 15 4 21-19-10-19 10 4-21-15-15 21-3z" fill="#fff"/></svg>
            """;

    private static final String SERVICE_WORKER = """
            // Footbridge member page: network first, the last page seen when offline.
            const CACHE = 'footbridge-club-v1';
            self.addEventListener('install', () => self.skipWaiting());
            self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));
            self.addEventListener('fetch', event => {
              const request = event.request;
              if (request.method !== 'GET' || request.mode !== 'navigate') {
                return;
              }
              event.respondWith(fetch(request).then(response => {
                if (response.ok) {
                  const copy = response.clone();
                  caches.open(CACHE).then(cache => cache.put(request, copy));
                }
                return response;
              }).catch(() => caches.match(request).then(hit => hit || Response.error())));
            });
            // web push: the payload is {title, body, url, tag}; a tap opens the url, else the page already open
            self.addEventListener('push', event => {
              let data = {};
              try {
                data = event.data ? event.data.json() : {};
              } catch (notJson) {
                data = {body: event.data.text()};
              }
              event.waitUntil(self.registration.showNotification(data.title || '', {
                body: data.body || '', tag: data.tag, icon: '/club/icon.svg', data: {url: data.url || null}
              }));
            });
            self.addEventListener('notificationclick', event => {
              event.notification.close();
              const url = event.notification.data && event.notification.data.url;
              event.waitUntil(self.clients.matchAll({type: 'window', includeUncontrolled: true}).then(open => {
                if (url) {
                  return self.clients.openWindow(url);
                }
                return open.length ? open[0].focus() : undefined;
              }));
            });
            """;
}

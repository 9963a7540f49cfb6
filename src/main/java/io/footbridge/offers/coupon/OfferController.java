package io.footbridge.offers.coupon;

import io.footbridge.offers.IssuedCoupon;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.SHARED;
import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@RequestMapping("/api/v1/offers")
@Tag(name = "Offers", description = "Coupon campaigns: rules, codes, issuing to customers, figures")
@Reach(TENANT_WIDE)
class OfferController {

    /** Larger generations are streamed as CSV or JSON lines rather than held in one JSON answer. */
    static final int MAX_JSON_CODES = 10_000;
    private static final Set<String> STATUSES = Set.of("active", "scheduled", "ended", "archived");
    private static final Set<String> CODE_STATUSES = Set.of("active", "redeemed", "expired", "revoked");

    private final OfferService offers;
    private final CouponService coupons;
    private final OfferStats stats;
    private final OffersProperties properties;
    private final JsonMapper json;

    OfferController(OfferService offers, CouponService coupons, OfferStats stats, OffersProperties properties,
                    JsonMapper json) {
        this.offers = offers;
        this.coupons = coupons;
        this.stats = stats;
        this.properties = properties;
        this.json = json;
    }

    record OfferList(List<Offer> items, int limit, int offset) {
    }

    record CodesRequest(@NotNull @Positive Integer count, @Size(max = 16) String channel,
                        @Size(min = 1, max = 64) String touchpoint) {
    }

    record GeneratedCode(String code, String displayCode, String pageUrl, String qrPngUrl, String barcodePngUrl) {
    }

    record Generated(UUID batchId, int count, List<GeneratedCode> codes) {
    }

    record IssueRequest(UUID profileId, @Size(max = 16) String channel, @Size(min = 1, max = 64) String touchpoint,
                        @Size(min = 1, max = 200) String idempotencyKey) {
    }

    record CodeList(List<CouponView> items, String next) {
    }

    @PostMapping
    @PreAuthorize("hasAuthority('SCOPE_offers:write')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create an offer: percent, amount or free item, with its validity and rules")
    ResponseEntity<Offer> create(@AuthenticationPrincipal Actor actor, @Valid @RequestBody OfferRequest request) {
        Offer offer = offers.create(actor, request);
        return ResponseEntity.created(URI.create("/api/v1/offers/" + offer.id())).body(offer);
    }

    @GetMapping
    @PreAuthorize("hasAnyAuthority('SCOPE_offers:write', 'SCOPE_analytics:read')")
    @Operation(summary = "List offers, newest first; status active, scheduled, ended or archived")
    @Reach(SHARED)
    OfferList list(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String status,
                   @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
                   @RequestParam(defaultValue = "0") @Min(0) int offset) {
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.invalid("status", "must be one of: active, scheduled, ended, archived");
        }
        return new OfferList(offers.list(actor, status, limit, offset), limit, offset);
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAnyAuthority('SCOPE_offers:write', 'SCOPE_analytics:read')")
    @Operation(summary = "Get an offer")
    @Reach(SHARED)
    Offer get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return offers.get(actor, id);
    }

    @PutMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_offers:write')")
    @Operation(summary = "Replace an offer's rules; its type, currency and code format stay")
    Offer replace(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                  @Valid @RequestBody OfferRequest request) {
        return offers.replace(actor, id, request);
    }

    @DeleteMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_offers:write')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Archive an offer: nothing more is issued and its codes stop working; figures stay")
    void archive(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        offers.archive(actor, id);
    }

    @PostMapping("/{id}/issue")
    @PreAuthorize("hasAuthority('SCOPE_offers:write')")
    @Operation(summary = "Issue a coupon to a customer (or to nobody in particular): 201, or 200 with the same"
            + " coupon for a repeated idempotency key")
    ResponseEntity<IssuedCoupon> issue(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                                       @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                       @Valid @RequestBody IssueRequest request) {
        IssuedCoupon coupon = coupons.issue(actor.tenantId(), id, request.profileId(),
                request.channel() == null ? "api" : request.channel(), request.touchpoint(),
                request.idempotencyKey() != null ? request.idempotencyKey() : key);
        return ResponseEntity.status(coupon.created() ? HttpStatus.CREATED : HttpStatus.OK).body(coupon);
    }

    @PostMapping("/{id}/codes")
    @PreAuthorize("hasAuthority('SCOPE_offers:write')")
    @Operation(summary = "Generate unassigned single-use codes (for print): JSON up to 10,000; ask for text/csv or"
            + " application/x-ndjson to stream up to a million")
    void generate(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                  @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
                  @Valid @RequestBody CodesRequest request, HttpServletResponse response) throws IOException {
        String format = accept == null ? "json" : accept.contains("text/csv") ? "csv"
                : accept.contains("application/x-ndjson") || accept.contains("application/jsonl") ? "ndjson" : "json";
        if (request.count() > properties.maxGeneratedCodes()) {
            throw ProblemException.invalid("count", "must be at most " + properties.maxGeneratedCodes());
        }
        if (format.equals("json") && request.count() > MAX_JSON_CODES) {
            throw ProblemException.invalid("count", "over " + MAX_JSON_CODES + " codes are streamed: ask for"
                    + " text/csv or application/x-ndjson in Accept");
        }
        OfferRepository.StoredOffer offer = coupons.generatable(actor, id, request.count(), request.channel());
        String base = coupons.baseUrl();
        response.setStatus(HttpStatus.CREATED.value());
        if (format.equals("json")) {
            List<GeneratedCode> all = new ArrayList<>(request.count());
            CouponService.Generation generation = coupons.generate(actor, offer, request.count(), request.channel(),
                    request.touchpoint(), chunk -> chunk.forEach(row -> all.add(generated(base, row, offer))));
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), new Generated(generation.batchId(), generation.count(), all));
            return;
        }
        response.setContentType(format.equals("csv") ? "text/csv;charset=UTF-8" : "application/x-ndjson");
        OutputStream out = response.getOutputStream();
        if (format.equals("csv")) {
            out.write("code,display_code,page_url,qr_png_url,barcode_png_url\n".getBytes(StandardCharsets.UTF_8));
        }
        coupons.generate(actor, offer, request.count(), request.channel(), request.touchpoint(), chunk -> {
            StringBuilder text = new StringBuilder(chunk.size() * 160);
            for (CouponRepository.Coupon row : chunk) {
                GeneratedCode code = generated(base, row, offer);
                if (format.equals("csv")) {
                    text.append(code.code()).append(',').append(code.displayCode()).append(',').append(code.pageUrl())
                            .append(',').append(code.qrPngUrl()).append(',').append(code.barcodePngUrl()).append('\n');
                } else {
                    text.append(json.writeValueAsString(code)).append('\n');
                }
            }
            try {
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // the client went away; the chunks stored so far stay
            }
        });
    }

    @GetMapping("/{id}/codes")
    @PreAuthorize("hasAnyAuthority('SCOPE_offers:write', 'SCOPE_analytics:read')")
    @Operation(summary = "An offer's codes in code order, a page at a time: pass next as after")
    CodeList codes(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                   @RequestParam(required = false) String status, @RequestParam(required = false) String after,
                   @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        if (status != null && !CODE_STATUSES.contains(status)) {
            throw ProblemException.invalid("status", "must be one of: active, redeemed, expired, revoked");
        }
        List<CouponView> items = coupons.list(actor, id, status,
                after == null ? null : Redemptions.normalised(after, "after"), limit);
        return new CodeList(items, items.size() < limit ? null : items.get(items.size() - 1).code());
    }

    @GetMapping("/{id}/stats")
    @PreAuthorize("hasAnyAuthority('SCOPE_offers:write', 'SCOPE_analytics:read')")
    @Operation(summary = "What converts: issued, viewed, redeemed, rate, revenue and days to redeem, by store and"
            + " channel")
    @Reach(SHARED)
    OfferStats.Figures stats(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return stats.of(offers.find(actor.tenantId(), id));
    }

    private static GeneratedCode generated(String base, CouponRepository.Coupon row, OfferRepository.StoredOffer offer) {
        CouponService.Urls urls = CouponService.urls(base, row.token());
        return new GeneratedCode(row.code(), CouponCodes.display(row.code(), offer.codePrefix()), urls.page(),
                urls.qrPng(), urls.barcodePng());
    }
}

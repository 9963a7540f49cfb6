package io.footbridge.hosted.placement;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.footbridge.platform.Actor;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.ModelAndView;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.PER_STORE;

@RestController
@RequestMapping("/api/v1/placements")
@Tag(name = "Placements", description = "QR codes and NFC tags with short links whose destination can change")
@Reach(PER_STORE)
class PlacementController {

    private final Placements placements;
    private final HostedPages pages;

    PlacementController(Placements placements, HostedPages pages) {
        this.placements = placements;
        this.pages = pages;
    }

    record PlacementList(List<Placement> items, int limit, int offset) {
    }

    /** One printed label of the sheet. */
    record SheetItem(String label, String kind, String code, String shortUrl, String svg) {
    }

    @PostMapping
    @PreAuthorize("hasAuthority('SCOPE_stores:write')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Place a QR code or NFC tag: a short link /q/{code} to a destination that can change later")
    ResponseEntity<Placement> create(@AuthenticationPrincipal Actor actor,
                                     @Valid @RequestBody PlacementRequest request) {
        Placement placement = view(placements.create(actor, request));
        return ResponseEntity.created(URI.create("/api/v1/placements/" + placement.id())).body(placement);
    }

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    @Operation(summary = "List placements, optionally of one store")
    PlacementList list(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) String store,
                       @RequestParam(defaultValue = "false") boolean includeRetired,
                       @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit,
                       @RequestParam(defaultValue = "0") @Min(0) int offset) {
        return new PlacementList(placements.list(actor, store, includeRetired, limit, offset).stream()
                .map(this::view).toList(), limit, offset);
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    @Operation(summary = "Get a placement")
    Placement get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        return view(placements.get(actor, id));
    }

    @PatchMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_stores:write')")
    @Operation(summary = "Point a placement somewhere else, or relabel it; the printed code stays")
    Placement change(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                     @Valid @RequestBody PlacementChange change) {
        return view(placements.change(actor, id, change));
    }

    @DeleteMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_stores:write')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Retire a placement: its link shows a friendly 'no longer active' page")
    void retire(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        placements.retire(actor, id);
    }

    @GetMapping(value = "/{id}/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    @Operation(summary = "The QR code as PNG: size in pixels (64-4096), error correction L, M, Q or H")
    ResponseEntity<byte[]> png(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                               @RequestParam(defaultValue = "512") @Min(64) @Max(4096) int size,
                               @RequestParam(defaultValue = "M") String ecc) {
        Placement placement = view(placements.get(actor, id));
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).cacheControl(cacheable())
                .body(QrCodes.png(placement.shortUrl(), size, level(ecc)));
    }

    @GetMapping(value = "/{id}/qr.svg", produces = "image/svg+xml")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    @Operation(summary = "The QR code as SVG, scalable for print: error correction L, M, Q or H")
    ResponseEntity<String> svg(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                               @RequestParam(required = false) @Min(16) @Max(4096) Integer size,
                               @RequestParam(defaultValue = "M") String ecc) {
        Placement placement = view(placements.get(actor, id));
        return ResponseEntity.ok().contentType(MediaType.valueOf("image/svg+xml")).cacheControl(cacheable())
                .body(QrCodes.svg(placement.shortUrl(), level(ecc), size));
    }

    @GetMapping(value = "/sheet", produces = MediaType.TEXT_HTML_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    @Operation(summary = "A printable sheet of a store's placements with their QR codes and labels")
    ModelAndView sheet(@AuthenticationPrincipal Actor actor, @RequestParam String store,
                       @RequestParam(defaultValue = "Q") String ecc) {
        ErrorCorrectionLevel level = level(ecc);
        List<SheetItem> items = placements.list(actor, store, false, 500, 0).stream().map(this::view)
                .map(p -> new SheetItem(p.label(), p.kind().value().replace('_', ' '), p.code().toUpperCase(Locale.ROOT),
                        p.shortUrl(), QrCodes.svg(p.shortUrl(), level, null)))
                .toList();
        return new ModelAndView("placements/sheet", Map.of("store", store, "items", items));
    }

    private Placement view(PlacementRepository.StoredPlacement row) {
        String shortUrl = pages.baseUrl() + "/q/" + row.code();
        String self = "/api/v1/placements/" + row.id();
        return new Placement(row.id(), row.code(), row.storeCode(), row.kind(), row.label(), row.destination(),
                row.campaign(), row.addUtm(), row.touchpointCode(), shortUrl, shortUrl + "?via=nfc",
                self + "/qr.png", self + "/qr.svg", row.createdAt(), row.updatedAt(), row.retiredAt());
    }

    /** A placement's code never changes, so its image can be cached; the destination is not in it. */
    private static CacheControl cacheable() {
        return CacheControl.maxAge(Duration.ofDays(1)).cachePrivate();
    }

    private static ErrorCorrectionLevel level(String ecc) {
        try {
            return ErrorCorrectionLevel.valueOf(ecc.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("ecc", "must be L, M, Q or H");
        }
    }
}

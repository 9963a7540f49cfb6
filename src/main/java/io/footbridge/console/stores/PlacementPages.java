package io.footbridge.console.stores;

import io.footbridge.hosted.QrPlacements;
import io.footbridge.console.web.FormErrors;
import io.footbridge.console.web.Listing;
import io.footbridge.console.web.Picks;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Scope;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** QR codes and NFC tags: list, place one, point it elsewhere, download its code, print a sheet, count its scans. */
@Controller
class PlacementPages {

    static final int ROWS = 25;

    private final QrPlacements placements;

    PlacementPages(QrPlacements placements) {
        this.placements = placements;
    }

    @GetMapping("/console/stores/placements")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    String list(@AuthenticationPrincipal Actor actor, @RequestParam(defaultValue = "0") int offset, Model model) {
        if (offset < 0) {
            throw ProblemException.invalid("offset", "must not be negative");
        }
        Picks picks = Shown.picks(model);
        List<QrPlacements.Placement> read = placements.list(actor, storeCode(picks), ROWS + 1, offset);
        Listing<QrPlacements.Placement> listing = Listing.of(read, ROWS, p -> String.valueOf(offset + ROWS));
        model.addAttribute("placements", listing);
        model.addAttribute("scans", placements.scans(actor, listing.items().stream().map(QrPlacements.Placement::id)
                .toList(), start(picks), end(picks)));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", FormErrors.NONE);
            model.addAttribute("draft", new QrPlacements.NewPlacement(storeCode(picks), "shelf", null, null, null,
                    true));
        }
        model.addAttribute("kinds", QrPlacements.KINDS);
        model.addAttribute("mayWrite", actor.has(Scope.STORES_WRITE));
        return "console/stores/placements";
    }

    @PostMapping("/console/stores/placements")
    @PreAuthorize("hasAuthority('SCOPE_stores:write')")
    String create(@AuthenticationPrincipal Actor actor,   @RequestParam Map<String, String> form, Model model, RedirectAttributes flash) {
        QrPlacements.NewPlacement draft = new QrPlacements.NewPlacement(form.get("placeStore"), form.get("kind"),
                form.get("label"), form.get("destination"), form.get("campaign"), form.containsKey("addUtm"));
        try {
            QrPlacements.Placement placement = placements.create(actor, draft);
            flash.addFlashAttribute("notice", "created");
            return "redirect:/console/stores/placements/" + placement.id();
        } catch (ProblemException problem) {
            model.addAttribute("errors", Shown.errors(problem, Map.of("store", "placeStore")));
            model.addAttribute("draft", draft);
            return list(actor, 0, model);
        }
    }

    @GetMapping("/console/stores/placements/{placementId}")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    String placement(@AuthenticationPrincipal Actor actor,      @PathVariable UUID placementId, Model model) {
        Picks picks = Shown.picks(model);
        QrPlacements.Placement placement = placements.get(actor, placementId);
        model.addAttribute("placement", placement);
        model.addAttribute("mayWrite", actor.has(Scope.STORES_WRITE));
        model.addAttribute("svg", placements.svg(actor, placementId));
        model.addAttribute("counted", placements.scans(actor, List.of(placementId), start(picks), end(picks))
                .getOrDefault(placementId, new QrPlacements.Scans(0, 0, null)));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", FormErrors.NONE);
            model.addAttribute("destination", placement.destination());
        }
        return "console/stores/placement";
    }

    @PostMapping("/console/stores/placements/{placementId}/destination")
    @PreAuthorize("hasAuthority('SCOPE_stores:write')")
    String destination(@AuthenticationPrincipal Actor actor,        @PathVariable UUID placementId, @RequestParam(required = false) String destination,
                       Model model, RedirectAttributes flash) {
        try {
            placements.changeDestination(actor, placementId, destination);
            flash.addFlashAttribute("notice", "changed");
            return "redirect:/console/stores/placements/" + placementId;
        } catch (ProblemException problem) {
            model.addAttribute("errors", problem.errors().isEmpty()
                    ? FormErrors.field("destination", problem.getMessage()) : FormErrors.of(problem));
            model.addAttribute("destination", destination);
            return placement(actor, placementId, model);
        }
    }

    @GetMapping(value = "/console/stores/placements/{placementId}/qr.png", produces = MediaType.IMAGE_PNG_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    ResponseEntity<byte[]> png(@AuthenticationPrincipal Actor actor, @PathVariable UUID placementId,
                               @RequestParam(defaultValue = "1024") int size) {
        if (size < 64 || size > 4096) {
            throw ProblemException.invalid("size", "must be from 64 to 4096 pixels");
        }
        QrPlacements.Placement placement = placements.get(actor, placementId);
        return download(placements.png(actor, placementId, size), MediaType.IMAGE_PNG,
                "qr-" + placement.code() + ".png");
    }

    @GetMapping(value = "/console/stores/placements/{placementId}/qr.svg", produces = "image/svg+xml")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    ResponseEntity<byte[]> svg(@AuthenticationPrincipal Actor actor, @PathVariable UUID placementId) {
        QrPlacements.Placement placement = placements.get(actor, placementId);
        return download(placements.svg(actor, placementId).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                MediaType.valueOf("image/svg+xml"), "qr-" + placement.code() + ".svg");
    }

    /** A sheet to print and cut: every active placement of the picked store (or of all), with its code and label. */
    @GetMapping("/console/stores/placements/sheet")
    @PreAuthorize("hasAuthority('SCOPE_stores:read')")
    String sheet(@AuthenticationPrincipal Actor actor,  @RequestParam(defaultValue = "0") int offset, Model model) {
        if (offset < 0) {
            throw ProblemException.invalid("offset", "must not be negative");
        }
        // a printed sheet holds a few dozen labels; more come on the next sheet
        int perSheet = 48;
        Picks picks = Shown.picks(model);
        List<QrPlacements.Placement> read = placements.list(actor, storeCode(picks), perSheet + 1, offset);
        Listing<QrPlacements.Placement> listing = Listing.of(read, perSheet, p -> String.valueOf(offset + perSheet));
        model.addAttribute("sheet", listing);
        model.addAttribute("svgs", listing.items().stream().map(p -> placements.svg(actor, p.id())).toList());
        return "console/stores/sheet";
    }

    private static ResponseEntity<byte[]> download(byte[] body, MediaType type, String name) {
        return ResponseEntity.ok().contentType(type).cacheControl(CacheControl.noStore())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build()
                        .toString())
                .body(body);
    }

    static String storeCode(Picks picks) {
        return picks.store() == null ? null : picks.storeCode();
    }

    static Instant start(Picks picks) {
        return picks.first().atStartOfDay(picks.zone()).toInstant();
    }

    static Instant end(Picks picks) {
        return picks.last().plusDays(1).atStartOfDay(picks.zone()).toInstant();
    }
}

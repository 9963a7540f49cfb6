package io.footbridge.hosted.placement;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.footbridge.capture.touchpoint.Touchpoints;
import io.footbridge.hosted.QrPlacements;
import io.footbridge.platform.Actor;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.RequestChecks;
import jakarta.validation.Validator;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Placements for staff pages, through the service the API uses. */
@Service
class QrPlacementService implements QrPlacements {

    private final Placements placements;
    private final PlacementRepository repository;
    private final HostedPages pages;
    private final Validator validator;
    private final Touchpoints touchpoints;

    QrPlacementService(Placements placements, PlacementRepository repository, HostedPages pages,
                       Validator validator, Touchpoints touchpoints) {
        this.placements = placements;
        this.repository = repository;
        this.pages = pages;
        this.validator = validator;
        this.touchpoints = touchpoints;
    }

    @Override
    public List<Placement> list(Actor actor, String storeCode, int limit, int offset) {
        return placements.list(actor, storeCode, false, limit, offset).stream().map(this::view).toList();
    }

    @Override
    public Placement get(Actor actor, UUID id) {
        return view(placements.get(actor, id));
    }

    @Override
    public Placement create(Actor actor, NewPlacement placement) {
        PlacementKind kind = null;
        if (placement.kind() != null && KINDS.contains(placement.kind())) {
            kind = PlacementKind.valueOf(placement.kind().toUpperCase(Locale.ROOT));
        } else if (placement.kind() != null && !placement.kind().isBlank()) {
            throw ProblemException.invalid("kind", "must be one of " + String.join(", ", KINDS));
        }
        PlacementRequest request = RequestChecks.valid(validator, new PlacementRequest(blank(placement.store()), kind,
                placement.label(), placement.destination(), blank(placement.campaign()), placement.addUtm()));
        return view(placements.create(actor, request));
    }

    @Override
    public Placement changeDestination(Actor actor, UUID id, String destination) {
        PlacementChange change = RequestChecks.valid(validator, new PlacementChange(
                destination == null ? "" : destination, null, null, null));
        return view(placements.change(actor, id, change));
    }

    @Override
    public byte[] png(Actor actor, UUID id, int size) {
        return QrCodes.png(view(placements.get(actor, id)).shortUrl(), size, ErrorCorrectionLevel.M);
    }

    @Override
    public String svg(Actor actor, UUID id) {
        return QrCodes.svg(view(placements.get(actor, id)).shortUrl(), ErrorCorrectionLevel.Q, null);
    }

    @Override
    public Map<UUID, Scans> scans(Actor actor, Collection<UUID> placementIds, Instant from, Instant to) {
        Map<UUID, UUID> byTouchpoint = new HashMap<>();
        for (UUID id : placementIds) {
            PlacementRepository.StoredPlacement row = placements.get(actor, id);
            byTouchpoint.put(row.touchpointId(), row.id());
        }
        Map<UUID, Scans> scans = new HashMap<>();
        touchpoints.scans(actor.tenantId(), byTouchpoint.keySet(), from, to)
                .forEach((touchpoint, counted) -> scans.put(byTouchpoint.get(touchpoint),
                        new Scans(counted.scans(), counted.taps(), counted.lastAt())));
        return scans;
    }

    private Placement view(PlacementRepository.StoredPlacement row) {
        String shortUrl = pages.baseUrl() + "/q/" + row.code();
        return new Placement(row.id(), row.code(), row.storeCode(), row.kind().value(), row.label(),
                row.destination(), row.campaign(), row.addUtm(), shortUrl, shortUrl + "?via=nfc", row.createdAt(),
                row.retiredAt());
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}

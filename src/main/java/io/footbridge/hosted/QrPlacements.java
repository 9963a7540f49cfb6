package io.footbridge.hosted;

import io.footbridge.platform.Actor;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * QR codes and NFC tags placed in stores and on print, for staff pages: the same service, checks and store bindings
 * as the placements API. Problems come as {@link io.footbridge.platform.ProblemException}s naming the field.
 */
public interface QrPlacements {

    /** Where a code can be put, as the API names it. */
    List<String> KINDS = List.of("shelf", "poster", "window", "flyer", "table_tent", "counter", "packaging",
            "receipt", "other");

    /** A placement; {@code shortUrl} is what its QR code encodes, {@code nfcUrl} what an NFC tag holds. */
    record Placement(UUID id, String code, String store, String kind, String label, String destination,
                     String campaign, boolean addUtm, String shortUrl, String nfcUrl, Instant createdAt,
                     Instant retiredAt) {
    }

    record NewPlacement(String store, String kind, String label, String destination, String campaign,
                        Boolean addUtm) {
    }

    /** QR scans and NFC taps of a placement in a period, and the last of them. */
    record Scans(long scans, long taps, Instant lastAt) {
    }

    /** The caller's placements (of one store when a code is given), oldest first. */
    List<Placement> list(Actor actor, String storeCode, int limit, int offset);

    Placement get(Actor actor, UUID id);

    Placement create(Actor actor, NewPlacement placement);

    /** Points the printed code somewhere else: an http(s) URL or {@code product:SKU}. */
    Placement changeDestination(Actor actor, UUID id, String destination);

    /** The QR code as a PNG of {@code size} pixels. */
    byte[] png(Actor actor, UUID id, int size);

    /** The QR code as SVG, for print. */
    String svg(Actor actor, UUID id);

    /** Scans per placement from {@code from} (inclusive) to {@code to} (exclusive); placements without any left out. */
    Map<UUID, Scans> scans(Actor actor, Collection<UUID> placementIds, Instant from, Instant to);
}

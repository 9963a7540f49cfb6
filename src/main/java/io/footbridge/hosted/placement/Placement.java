package io.footbridge.hosted.placement;

import java.time.Instant;
import java.util.UUID;

/**
 * A QR code or NFC tag put somewhere, with its short link. {@code destination} is where a scan goes (changeable
 * without reprinting); {@code shortUrl} is what the code encodes, {@code nfcUrl} what an NFC tag's NDEF record holds.
 */
record Placement(UUID id, String code, String store, PlacementKind kind, String label, String destination,
                 String campaign, boolean addUtm, String touchpoint, String shortUrl, String nfcUrl, String qrPng,
                 String qrSvg, Instant createdAt, Instant updatedAt, Instant retiredAt) {
}

package io.footbridge.hosted.placement;

import io.footbridge.capture.product.Product;
import io.footbridge.capture.product.Products;
import io.footbridge.capture.touchpoint.Touchpoint;
import io.footbridge.capture.touchpoint.TouchpointType;
import io.footbridge.capture.touchpoint.Touchpoints;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Placements of QR codes and NFC tags: created with a short code, pointed somewhere, re-pointed, retired. */
@Service
class Placements {

    /** No look-alikes (0/o, 1/l/i), so a code can be read off a poster and typed. */
    static final String ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
    static final int CODE_LENGTH = 7;
    private static final String PRODUCT = "product:";

    private final PlacementRepository repository;
    private final Touchpoints touchpoints;
    private final Stores stores;
    private final Products products;
    private final AuditLog audit;
    private final SecureRandom random = new SecureRandom();

    Placements(PlacementRepository repository, Touchpoints touchpoints, Stores stores, Products products,
               AuditLog audit) {
        this.repository = repository;
        this.touchpoints = touchpoints;
        this.stores = stores;
        this.products = products;
        this.audit = audit;
    }

    @Transactional
    PlacementRepository.StoredPlacement create(Actor actor, PlacementRequest request) {
        StoreRef store = storeFor(actor, request.store());
        String destination = checkedDestination(actor.tenantId(), request.destination());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        for (int attempt = 0; attempt < 5; attempt++) {
            String code = newCode();
            if (repository.findByCode(code).isPresent()) {
                continue;
            }
            Touchpoint touchpoint = touchpoints.register(actor, "qr-" + code, TouchpointType.QR_CODE,
                    store == null ? null : store.code(), request.label(), request.kind().stage());
            PlacementRepository.StoredPlacement row = new PlacementRepository.StoredPlacement(UUID.randomUUID(), actor.tenantId(), code,
                    store == null ? null : store.id(), store == null ? null : store.code(), touchpoint.id(),
                    touchpoint.code(), request.kind(), request.label(), destination, blankToNull(request.campaign()),
                    request.addUtm() == null || request.addUtm(), now, now, null);
            if (repository.insert(row)) {
                audit.record(actor, "placement.created", "placement", row.id(), summary(row));
                return row;
            }
        }
        throw new IllegalStateException("no free placement code after 5 attempts");
    }

    PlacementRepository.StoredPlacement get(Actor actor, UUID id) {
        PlacementRepository.StoredPlacement row = repository.find(actor.tenantId(), id)
                .orElseThrow(() -> ProblemException.notFound("placement", id));
        if (row.storeId() != null && !actor.canAccessStore(row.storeId())) {
            throw ProblemException.notFound("placement", id);
        }
        return row;
    }

    List<PlacementRepository.StoredPlacement> list(Actor actor, String storeCode, boolean includeRetired, int limit, int offset) {
        UUID storeId = null;
        if (storeCode != null) {
            storeId = stores.requireByCode(actor.tenantId(), storeCode).id();
            actor.requireStore(storeId);
        }
        return repository.list(actor.tenantId(), storeId, includeRetired, limit, offset).stream()
                .filter(row -> row.storeId() == null || actor.canAccessStore(row.storeId())).toList();
    }

    /** A new destination, label or campaign; the printed code stays, so nothing is reprinted. */
    @Transactional
    PlacementRepository.StoredPlacement change(Actor actor, UUID id, PlacementChange change) {
        PlacementRepository.StoredPlacement current = get(actor, id);
        requireWriteAccess(actor, current.storeId());
        if (current.retiredAt() != null) {
            throw ProblemException.conflict("placement-retired", "This placement was retired; create a new one.");
        }
        if (change.destination() == null && change.label() == null && change.campaign() == null
                && change.addUtm() == null) {
            throw ProblemException.invalid("destination", "give at least one of destination, label, campaign, addUtm");
        }
        String destination = change.destination() == null ? current.destination()
                : checkedDestination(actor.tenantId(), change.destination());
        String label = change.label() == null ? current.label() : change.label().strip();
        if (label.isEmpty()) {
            throw ProblemException.invalid("label", "must not be blank");
        }
        String campaign = change.campaign() == null ? current.campaign() : blankToNull(change.campaign());
        boolean addUtm = change.addUtm() == null ? current.addUtm() : change.addUtm();
        repository.update(actor.tenantId(), id, label, destination, campaign, addUtm);
        PlacementRepository.StoredPlacement changed = get(actor, id);
        Map<String, Object> details = summary(changed);
        details.put("previousDestination", current.destination());
        audit.record(actor, "placement.changed", "placement", id, details);
        return changed;
    }

    @Transactional
    void retire(Actor actor, UUID id) {
        PlacementRepository.StoredPlacement current = get(actor, id);
        requireWriteAccess(actor, current.storeId());
        if (repository.retire(actor.tenantId(), id) > 0) {
            audit.record(actor, "placement.retired", "placement", id, Map.of("code", current.code()));
        }
    }

    /** Where a scan of this placement goes now: its URL, or the product's online page as it is today. */
    Optional<String> currentDestination(PlacementRepository.StoredPlacement row) {
        if (!row.destination().startsWith(PRODUCT)) {
            return Optional.of(row.destination());
        }
        String sku = row.destination().substring(PRODUCT.length());
        Product product = products.find(row.tenantId(), List.of(sku)).get(sku);
        return product == null || product.archivedAt() != null ? Optional.empty() : Optional.ofNullable(product.url());
    }

    private String checkedDestination(UUID tenantId, String raw) {
        String destination = raw.strip();
        if (destination.startsWith(PRODUCT)) {
            String sku = destination.substring(PRODUCT.length());
            if (!Products.SKU.matcher(sku).matches()) {
                throw ProblemException.invalid("destination", "product:SKU needs a valid SKU");
            }
            Product product = products.find(tenantId, List.of(sku)).get(sku);
            if (product == null || product.archivedAt() != null) {
                throw ProblemException.invalid("destination", "names no product of this tenant");
            }
            if (product.url() == null) {
                throw ProblemException.invalid("destination", "the product has no online URL in the catalogue");
            }
            return PRODUCT + sku;
        }
        URI uri;
        try {
            uri = new URI(destination);
        } catch (URISyntaxException e) {
            throw ProblemException.invalid("destination", "is not a valid URL (characters such as spaces must be"
                    + " percent-encoded)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw ProblemException.invalid("destination", "must be an absolute http(s) URL or product:SKU");
        }
        return destination;
    }

    private StoreRef storeFor(Actor actor, String storeCode) {
        if (storeCode == null) {
            requireWriteAccess(actor, null);
            return null;
        }
        StoreRef store = stores.findByCode(actor.tenantId(), storeCode).filter(s -> !s.archived())
                .orElseThrow(() -> ProblemException.invalid("store", "is not an active store of this tenant"));
        requireWriteAccess(actor, store.id());
        return store;
    }

    /** Placements without a store (packaging, flyers) are tenant-wide, so only tenant-wide credentials manage them. */
    private static void requireWriteAccess(Actor actor, UUID storeId) {
        if (storeId == null) {
            if (!actor.allStores()) {
                throw ProblemException.forbidden("Placements without a store need tenant-wide credentials.");
            }
            return;
        }
        actor.requireStore(storeId);
    }

    private String newCode() {
        char[] code = new char[CODE_LENGTH];
        for (int i = 0; i < code.length; i++) {
            code[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(code);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static Map<String, Object> summary(PlacementRepository.StoredPlacement row) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("code", row.code());
        details.put("store", row.storeCode());
        details.put("kind", row.kind().value());
        details.put("destination", row.destination());
        return details;
    }
}

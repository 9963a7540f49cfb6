package io.footbridge.hosted.portal;

import io.footbridge.capture.touchpoint.JourneyStage;
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
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** Which access points send guests to the portal, for which store, and the words guests agree to. */
@Service
class WifiSetup {

    private static final Pattern MAC = Pattern.compile("(?i)[0-9a-f]{2}([:-]?[0-9a-f]{2}){5}");
    private static final Pattern GATEWAY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _.:-]{0,63}");
    static final Pattern GATEWAY_ADDRESS = Pattern.compile("[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?");
    /** A portal key: 128 random bits in hex, safe in a path and as a host name's first label. */
    static final Pattern PORTAL_KEY = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final WifiRepository repository;
    private final Touchpoints touchpoints;
    private final Stores stores;
    private final AuditLog audit;

    WifiSetup(WifiRepository repository, Touchpoints touchpoints, Stores stores, AuditLog audit) {
        this.repository = repository;
        this.touchpoints = touchpoints;
        this.stores = stores;
        this.audit = audit;
    }

    /** A MAC as the vendors send it in any notation, written one way: {@code aa:bb:cc:dd:ee:ff}. */
    static String mac(String raw) {
        if (raw == null || !MAC.matcher(raw.strip()).matches()) {
            return null;
        }
        String hex = raw.strip().replaceAll("[:-]", "").toLowerCase(Locale.ROOT);
        StringBuilder mac = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            mac.append(i == 0 ? "" : ":").append(hex, i, i + 2);
        }
        return mac.toString();
    }

    @Transactional
    WifiRepository.Node add(Actor actor, AccessPointRequest request) {
        StoreRef store = stores.findByCode(actor.tenantId(), request.store()).filter(s -> !s.archived())
                .orElseThrow(() -> ProblemException.invalid("store", "is not an active store of this tenant"));
        actor.requireStore(store.id());
        String node;
        String portalKey;
        String gatewayAddress = null;
        if (request.vendor() == WifiVendor.OPENNDS) {
            if (!GATEWAY_NAME.matcher(request.node()).matches()) {
                throw ProblemException.invalid("node", "must be the gateway's name as openNDS sends it");
            }
            if (request.secret() == null) {
                throw ProblemException.invalid("secret", "openNDS needs the gateway's faskey");
            }
            if (request.gatewayAddress() != null) {
                gatewayAddress = request.gatewayAddress().strip().toLowerCase(Locale.ROOT);
                if (!GATEWAY_ADDRESS.matcher(gatewayAddress).matches()) {
                    throw ProblemException.invalid("gatewayAddress", "must be the gateway's address and port as"
                            + " openNDS sends them, such as 192.168.8.1:2050");
                }
            }
            if (request.samePortalAs() != null) {
                throw ProblemException.invalid("samePortalAs", "an openNDS gateway has a portal URL of its own");
            }
            node = request.node();
            portalKey = newPortalKey();
        } else {
            node = mac(request.node());
            if (node == null) {
                throw ProblemException.invalid("node", "must be the access point's MAC address");
            }
            if (request.gatewayAddress() != null) {
                throw ProblemException.invalid("gatewayAddress", "is for openNDS gateways only");
            }
            portalKey = request.samePortalAs() == null ? newPortalKey() : repository
                    .node(actor.tenantId(), request.samePortalAs())
                    .filter(other -> other.vendor() == request.vendor() && actor.canAccessStore(other.storeId()))
                    .map(WifiRepository.Node::portalKey)
                    .orElseThrow(() -> ProblemException.invalid("samePortalAs", "is not a "
                            + request.vendor().value() + " access point of this tenant"));
        }
        // one portal touchpoint per store, shared by its access points
        String code = "wifi-" + store.code().toLowerCase(Locale.ROOT);
        Touchpoint touchpoint = touchpoints.findByCode(actor.tenantId(), code).orElseGet(() ->
                touchpoints.register(actor, code, TouchpointType.WIFI_PORTAL, store.code(), "Wi-Fi " + store.name(),
                        JourneyStage.IN_STORE));
        UUID id = UUID.randomUUID();
        if (!repository.insertNode(id, actor.tenantId(), request.vendor(), node, store.id(), touchpoint.id(),
                request.label().strip(), request.vendor() == WifiVendor.OPENNDS ? request.secret() : null,
                portalKey, gatewayAddress)) {
            throw ProblemException.conflict("access-point-taken",
                    "This tenant has registered this " + request.vendor().value() + " access point already.");
        }
        audit.record(actor, "wifi.access_point.added", "wifi_access_point", id, Map.of("vendor",
                request.vendor().value(), "node", node, "store", store.code()));
        return repository.node(actor.tenantId(), id).orElseThrow();
    }

    /** An access point with its portal URL, for those who may set it up. */
    WifiRepository.Node forSetUp(Actor actor, UUID id) {
        WifiRepository.Node node = repository.node(actor.tenantId(), id)
                .filter(n -> actor.canAccessStore(n.storeId()))
                .orElseThrow(() -> ProblemException.notFound("access point", id));
        actor.requireStore(node.storeId());
        return node;
    }

    List<WifiRepository.Node> list(Actor actor, String storeCode) {
        UUID storeId = null;
        if (storeCode != null) {
            storeId = stores.requireByCode(actor.tenantId(), storeCode).id();
        }
        return repository.nodes(actor.tenantId(), storeId).stream()
                .filter(node -> actor.canAccessStore(node.storeId())).toList();
    }

    @Transactional
    void remove(Actor actor, UUID id) {
        WifiRepository.Node node = repository.node(actor.tenantId(), id)
                .filter(n -> actor.canAccessStore(n.storeId()))
                .orElseThrow(() -> ProblemException.notFound("access point", id));
        actor.requireStore(node.storeId());
        repository.deleteNode(actor.tenantId(), id);
        audit.record(actor, "wifi.access_point.removed", "wifi_access_point", id, Map.of("node", node.node()));
    }

    @Transactional
    Wording newWording(Actor actor, WordingRequest request) {
        repository.insertWording(actor.tenantId(), request.terms().strip(), blankToNull(request.marketingEmail()),
                blankToNull(request.marketingSms()), blankToNull(request.club()), actor.label());
        Wording wording = repository.latestWording(actor.tenantId()).orElseThrow();
        audit.record(actor, "wifi.wording.added", "wifi_wording", wording.version(), Map.of());
        return wording;
    }

    List<Wording> wordings(Actor actor) {
        return repository.wordings(actor.tenantId());
    }

    static AccessPoint view(WifiRepository.Node node, String portalUrl) {
        return new AccessPoint(node.id(), node.vendor(), node.node(), node.storeCode(), node.touchpointCode(),
                node.label(), node.secret() != null, node.gatewayAddress(), node.createdAt(), portalUrl);
    }

    /**
     * Where the access point's controller sends guests: a path with the key for Meraki's splash URL and openNDS's
     * FAS, and for UniFi, whose external portal is a host without a path, a host name whose first label is the key.
     */
    static String portalUrl(WifiRepository.Node node, String baseUrl) {
        return switch (node.vendor()) {
            case MERAKI -> baseUrl + "/wifi/meraki/" + node.portalKey();
            case OPENNDS -> baseUrl + "/wifi/opennds/" + node.portalKey();
            case UNIFI -> {
                URI base = URI.create(baseUrl);
                yield base.getScheme() + "://" + node.portalKey() + "." + base.getHost()
                        + (base.getPort() < 0 ? "" : ":" + base.getPort());
            }
        };
    }

    private static String newPortalKey() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}

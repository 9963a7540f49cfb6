package io.footbridge.hosted.portal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What each vendor sends when it hands a guest to the portal, checked, and how each lets the guest online
 * afterwards. Parameters arrive through the guest's browser, so anything a forger could change is checked.
 */
@Component
class Gateways {

    private static final Logger log = LoggerFactory.getLogger(Gateways.class);
    private static final Pattern SITE = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern GATEWAY_ADDRESS = WifiSetup.GATEWAY_ADDRESS;
    private static final Pattern AUTH_DIR = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern HID = Pattern.compile("[0-9a-fA-F]{16,128}");
    private static final Pattern GATEWAY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _.:-]{0,63}");

    private final WifiProperties properties;
    private final JsonMapper json;
    private final SecureRandom random = new SecureRandom();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Gateways(WifiProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
    }

    /** Meraki click-through: {@code base_grant_url}, {@code user_continue_url}, {@code node_mac}, {@code client_mac}. */
    PortalVisit meraki(Map<String, String> params) {
        String grant = params.get("base_grant_url");
        URI grantUri = url(grant);
        if (grantUri == null || !"https".equalsIgnoreCase(grantUri.getScheme()) || !merakiHost(grantUri.getHost())) {
            throw PortalProblem.badRequest("base_grant_url missing or not Meraki's");
        }
        return new PortalVisit(WifiVendor.MERAKI, null, requiredMac(params.get("node_mac"), "node_mac"),
                requiredMac(params.get("client_mac"), "client_mac"), grant, null, null, null, null, null, nonce(),
                Instant.now().getEpochSecond(), 0);
    }

    /** UniFi external portal: {@code /guest/s/{site}/?id=client&ap=ap&url=…&ssid=…}. */
    PortalVisit unifi(String site, Map<String, String> params) {
        if (!SITE.matcher(site).matches()) {
            throw PortalProblem.badRequest("bad UniFi site");
        }
        String ssid = params.get("ssid");
        return new PortalVisit(WifiVendor.UNIFI, null, requiredMac(params.get("ap"), "ap"),
                requiredMac(params.get("id"), "id"), null, ssid == null || ssid.length() > 64 ? null : ssid, null,
                null, null, site, nonce(), Instant.now().getEpochSecond(), 0);
    }

    /**
     * openNDS FAS: {@code fas} is base64 of {@code key=value, key=value, …} (level 1), or that encrypted with the
     * gateway's faskey, AES-256-CBC with {@code iv} (levels 2 and 3). Only the encrypted kind proves that the gateway
     * sent it; a plain one is believed only about the gateway address registered for it, the one host a guest is
     * sent to with a grant token.
     */
    PortalVisit openNds(WifiRepository.Node gateway, String fas, String iv) {
        if (fas == null || fas.length() > 8192 || iv != null && iv.length() != 16) {
            throw PortalProblem.badRequest("fas missing or too long, or iv not 16 characters");
        }
        String query = iv == null ? base64(fas) : OpenNdsCipher.decrypt(fas, iv, gateway.secret());
        if (query == null) {
            throw PortalProblem.badRequest(iv == null ? "fas is not base64" : "fas not encrypted with the faskey");
        }
        Map<String, String> values = new HashMap<>();
        for (String pair : query.split(",\\s*")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
        }
        String name = decode(values.get("gatewayname"));
        String address = values.get("gatewayaddress");
        String authDir = values.get("authdir");
        String hid = values.get("hid");
        if (name == null || !GATEWAY_NAME.matcher(name).matches() || address == null
                || !GATEWAY_ADDRESS.matcher(address).matches() || authDir == null || !AUTH_DIR.matcher(authDir).matches()
                || hid == null || !HID.matcher(hid).matches()) {
            throw PortalProblem.badRequest("fas lacks gatewayname, gatewayaddress, authdir or hid");
        }
        boolean registered = gateway.gatewayAddress() != null;
        if (registered ? !gateway.gatewayAddress().equalsIgnoreCase(address) : iv == null) {
            throw PortalProblem.badRequest("gatewayaddress is not the gateway's");
        }
        return new PortalVisit(WifiVendor.OPENNDS, null, name, requiredMac(values.get("clientmac"), "clientmac"),
                null, null, address, authDir, hid, null, nonce(), Instant.now().getEpochSecond(), 0);
    }

    /**
     * Lets the device online: the redirect that does it (Meraki, openNDS) or the controller call (UniFi). The guest
     * goes only to Meraki's grant host, the gateway's own address or the portal's page, never to an address taken
     * from the request.
     */
    String grant(PortalVisit visit, WifiRepository.Node node, String onlinePage) {
        long seconds = properties.session().toSeconds();
        return switch (visit.vendor()) {
            case MERAKI -> visit.grantUrl() + (visit.grantUrl().contains("?") ? "&" : "?") + "continue_url="
                    + encode(onlinePage) + "&duration=" + seconds;
            case OPENNDS -> "http://" + visit.gatewayAddress() + "/" + visit.authDir() + "/?tok="
                    + sha256(visit.hid() + node.secret()) + "&redir=" + encode(onlinePage);
            case UNIFI -> {
                authorizeOnUnifi(visit, seconds);
                yield onlinePage;
            }
        };
    }

    private void authorizeOnUnifi(PortalVisit visit, long seconds) {
        WifiProperties.Unifi unifi = properties.unifi();
        if (!unifi.configured()) {
            throw new PortalProblem("wifi.problem.notSetUp", HttpStatus.SERVICE_UNAVAILABLE, "no UniFi controller");
        }
        try {
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(unifi.loginUrl()))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of(
                            "username", unifi.username(), "password", unifi.password()))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (login.statusCode() != 200) {
                throw new IllegalStateException("controller login answered " + login.statusCode());
            }
            HttpRequest.Builder authorize = HttpRequest.newBuilder(URI.create(unifi.apiUrl() + "/s/" + visit.site()
                            + "/cmd/stamgr"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of(
                            "cmd", "authorize-guest", "mac", visit.clientMac(), "ap_mac", visit.node(),
                            "minutes", Math.max(1, seconds / 60)))));
            login.headers().allValues("Set-Cookie").stream().map(cookie -> cookie.split(";", 2)[0])
                    .reduce((a, b) -> a + "; " + b).ifPresent(cookies -> authorize.header("Cookie", cookies));
            // UniFi OS wants its CSRF token back
            login.headers().firstValue("X-CSRF-Token").ifPresent(token -> authorize.header("X-CSRF-Token", token));
            HttpResponse<String> answer = http.send(authorize.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode meta = answer.statusCode() == 200 ? json.readTree(answer.body()).path("meta") : null;
            if (meta == null || !"ok".equals(meta.path("rc").asString(""))) {
                throw new IllegalStateException("authorize-guest answered " + answer.statusCode());
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("UniFi controller did not authorise a guest: {}", e.getMessage());
            throw new PortalProblem("wifi.problem.grantFailed", HttpStatus.BAD_GATEWAY, "UniFi authorisation failed");
        }
    }

    private boolean merakiHost(String host) {
        if (host == null) {
            return false;
        }
        String lower = host.toLowerCase(Locale.ROOT);
        return properties.merakiGrantHosts().stream().map(h -> h.toLowerCase(Locale.ROOT))
                .anyMatch(allowed -> lower.equals(allowed) || lower.endsWith("." + allowed));
    }

    private static String requiredMac(String raw, String name) {
        String mac = WifiSetup.mac(raw);
        if (mac == null) {
            throw PortalProblem.badRequest(name + " missing or not a MAC");
        }
        return mac;
    }

    private static String base64(String text) {
        try {
            return new String(Base64.getDecoder().decode(text.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static URI url(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return new URI(raw);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private String nonce() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String decode(String value) {
        if (value == null) {
            return null;
        }
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

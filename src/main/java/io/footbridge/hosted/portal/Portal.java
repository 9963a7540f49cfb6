package io.footbridge.hosted.portal;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import io.footbridge.capture.EventRecorder;
import io.footbridge.platform.Brand;
import io.footbridge.platform.Brands;
import io.footbridge.platform.RateLimits;
import io.footbridge.platform.Signatures;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The guest's way online: a device the portal knows goes straight through; anyone else fills in the form, whose
 * answer becomes a {@code wifi.login} event with the consents offered and given, and is let online.
 */
@Service
class Portal {

    static final String STATE = "wifi-visit";
    private static final Duration STATE_LIFETIME = Duration.ofMinutes(30);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s.]{2,}");
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    /** The form to show: what it needs to render, and the guest's input and errors when it comes back. */
    record Form(PortalVisit visit, Brand brand, Wording wording, String state, String contact,
                Map<String, String> errors, boolean marketingEmail, boolean marketingSms, boolean club) {
    }

    /** Either the guest goes on to {@code redirect}, or sees {@code form}. */
    record Outcome(String redirect, Form form) {
    }

    private final WifiRepository repository;
    private final Gateways gateways;
    private final EventRecorder recorder;
    private final Brands brands;
    private final Signatures signatures;
    private final MessageSource messages;
    private final WifiProperties properties;
    private final JsonMapper json;
    private final RateLimits.Limit perDevice;
    private final RateLimits.Limit perAddress;
    private final TransactionTemplate transaction;

    Portal(WifiRepository repository, Gateways gateways, EventRecorder recorder, Brands brands,
           Signatures signatures, MessageSource messages, WifiProperties properties, JsonMapper json,
           RateLimits limits, TransactionTemplate transaction) {
        this.repository = repository;
        this.gateways = gateways;
        this.recorder = recorder;
        this.brands = brands;
        this.signatures = signatures;
        this.messages = messages;
        this.properties = properties;
        this.json = json;
        this.transaction = transaction;
        this.perDevice = limits.limit("wifi-device", properties.formsPerMinute(), Duration.ofMinutes(1));
        // guests of one store share its public address, so the address gets far more room than a device
        this.perAddress = limits.limit("wifi-address", properties.formsPerMinute() * 20L, Duration.ofMinutes(1));
    }

    /**
     * The access point a visit comes from, found through the portal key in the URL its controller was given: no key,
     * no tenant, whoever registered the same node elsewhere.
     */
    WifiRepository.Node node(String portalKey, PortalVisit visit) {
        requireKey(portalKey);
        return repository.node(portalKey, visit.vendor(), visit.node()).orElseThrow(Portal::notSetUp);
    }

    /** The openNDS gateway whose FAS path carries this key; its faskey is needed to read what it sent. */
    WifiRepository.Node openNdsGateway(String portalKey) {
        requireKey(portalKey);
        return repository.nodes(portalKey, WifiVendor.OPENNDS).stream().findFirst().orElseThrow(Portal::notSetUp);
    }

    private static void requireKey(String portalKey) {
        if (portalKey == null || !WifiSetup.PORTAL_KEY.matcher(portalKey).matches()) {
            throw notSetUp();
        }
    }

    static PortalProblem notSetUp() {
        return new PortalProblem("wifi.problem.notSetUp", HttpStatus.NOT_FOUND, "no access point with this portal key");
    }

    private WifiRepository.Node node(PortalVisit visit) {
        return repository.nodeById(visit.accessPoint()).filter(node -> node.node().equals(visit.node()))
                .orElseThrow(Portal::notSetUp);
    }

    Brand brand(WifiRepository.Node node) {
        return brands.of(node.tenantId());
    }

    /** A device arriving from an access point, through the portal key its controller was set up with. */
    @Transactional
    Outcome arrive(String portalKey, PortalVisit arrived, String ip, String userAgent, String baseUrl) {
        WifiRepository.Node node = node(portalKey, arrived);
        PortalVisit visit = arrived.withAccessPoint(node.id());
        String onlinePage = onlinePage(node, baseUrl);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (repository.remembered(node.tenantId(), visit.clientMac(), now)) {
            record(node, visit, null, null, List.of(), true, ip, userAgent, now);
            repository.remember(node.tenantId(), visit.clientMac(), now, now.plus(properties.remember()));
            return new Outcome(gateways.grant(visit, node, onlinePage), null);
        }
        Brand brand = brand(node);
        Wording wording = wording(node, brand);
        PortalVisit shown = visit.withWording(wording.version());
        return new Outcome(null, new Form(shown, brand, wording, signatures.sign(STATE, json.writeValueAsString(shown)),
                null, Map.of(), false, false, false));
    }

    /** The form sent back; its rate is counted before the transaction, which a mistake in the form rolls back. */
    Outcome login(LoginForm form, String ip, String userAgent, String baseUrl) {
        PortalVisit visit = visit(form.state());
        if (!perDevice.tryConsume(visit.clientMac()).allowed() || !perAddress.tryConsume(ip).allowed()) {
            throw new PortalProblem("wifi.problem.tooMany", HttpStatus.TOO_MANY_REQUESTS, "rate limited");
        }
        return transaction.execute(tx -> login(visit, form, ip, userAgent, baseUrl));
    }

    private Outcome login(PortalVisit visit, LoginForm form, String ip, String userAgent, String baseUrl) {
        if (form.website() != null && !form.website().isEmpty()) {
            throw PortalProblem.badRequest("honeypot filled in");
        }
        WifiRepository.Node node = node(visit);
        Brand brand = brand(node);
        Wording wording = repository.wording(node.tenantId(), visit.wordingVersion())
                .orElseThrow(() -> new PortalProblem("wifi.problem.expired", HttpStatus.BAD_REQUEST, "no wording"));
        boolean email = wording.marketingEmail() != null && form.accepted(form.marketingEmail());
        boolean sms = wording.marketingSms() != null && form.accepted(form.marketingSms());
        boolean club = wording.club() != null && form.accepted(form.club());

        Map<String, String> errors = new LinkedHashMap<>();
        String contact = form.contact() == null ? "" : form.contact().strip();
        String identifier = null;
        if (contact.isEmpty()) {
            errors.put("contact", "wifi.error.contact.missing");
        } else if (contact.length() > 254) {
            errors.put("contact", "wifi.error.contact.long");
        } else if (contact.contains("@")) {
            identifier = "email";
            if (!EMAIL.matcher(contact).matches()) {
                errors.put("contact", "wifi.error.contact.email");
            }
        } else {
            identifier = "phone";
            Phonenumber.PhoneNumber number = phone(contact, node.country());
            if (number == null) {
                errors.put("contact", "wifi.error.contact.phone");
            } else if (sms && !mobile(number)) {
                errors.put("marketingSms", "wifi.error.sms");
            }
        }
        if (sms && "email".equals(identifier)) {
            errors.put("marketingSms", "wifi.error.sms");
        }
        if (!form.accepted(form.terms())) {
            errors.put("terms", "wifi.error.terms");
        }
        if (!errors.isEmpty()) {
            return new Outcome(null, new Form(visit, brand, wording, form.state(),
                    contact.length() > 254 ? contact.substring(0, 254) : contact, errors, email, sms, club));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        record(node, visit, identifier, contact, consents(wording, email, sms, club, identifier), false, ip,
                userAgent, now);
        repository.remember(node.tenantId(), visit.clientMac(), now, now.plus(properties.remember()));
        return new Outcome(gateways.grant(visit, node, onlinePage(node, baseUrl)), null);
    }

    /** Where a guest lands when the access point does not say where they were going. */
    private static String onlinePage(WifiRepository.Node node, String baseUrl) {
        return baseUrl + "/wifi/online?ap=" + node.id();
    }

    /** One event per visit (its id comes from the visit's nonce), so a form sent twice or replayed is stored once. */
    private void record(WifiRepository.Node node, PortalVisit visit, String identifier, String contact,
                        List<ObjectNode> consents, boolean returning, String ip, String userAgent, Instant now) {
        ObjectNode identifiers = json.createObjectNode().put("deviceId", visit.clientMac());
        if (identifier != null) {
            identifiers.put(identifier, contact);
        }
        ObjectNode facts = json.createObjectNode().put("accessPoint", visit.node())
                .put("vendor", visit.vendor().value()).put("returning", returning);
        if (visit.ssid() != null) {
            facts.put("ssid", visit.ssid());
        }
        if (!returning) {
            facts.put("wordingVersion", visit.wordingVersion());
            ArrayNode given = facts.putArray("consents");
            consents.forEach(given::add);
            // the proof a web form gives of who agreed: from where, with what
            ObjectNode evidence = facts.putObject("evidence").put("ip", ip);
            if (userAgent != null) {
                evidence.put("userAgent", userAgent.length() > 300 ? userAgent.substring(0, 300) : userAgent);
            }
        }
        // phones probe the portal several times on joining: a returning device's logins count once per session
        String eventId = returning ? "wifi-back-" + visit.clientMac().replace(":", "") + "-"
                + now.getEpochSecond() / properties.session().toSeconds() : "wifi-" + visit.nonce();
        recorder.record(node.tenantId(), "wifi", List.of(new EventRecorder.NewEvent(eventId, "wifi.login", now,
                node.storeId(), node.touchpointId(), identifiers.toString(), facts.toString())));
    }

    private List<ObjectNode> consents(Wording wording, boolean email, boolean sms, boolean club, String contactType) {
        List<ObjectNode> consents = new java.util.ArrayList<>();
        consents.add(json.createObjectNode().put("purpose", "terms").put("granted", true)
                .put("wordingVersion", wording.version()));
        if (wording.marketingEmail() != null) {
            consents.add(json.createObjectNode().put("channel", "email").put("purpose", "marketing")
                    .put("granted", email).put("wordingVersion", wording.version()));
        }
        if (wording.marketingSms() != null) {
            consents.add(json.createObjectNode().put("channel", "sms").put("purpose", "marketing")
                    .put("granted", sms).put("wordingVersion", wording.version()));
        }
        if (wording.club() != null) {
            // the club's own messages, asked apart from marketing, on the channel of the contact given
            consents.add(json.createObjectNode().put("channel", "phone".equals(contactType) ? "sms" : "email")
                    .put("purpose", "loyalty").put("granted", club).put("wordingVersion", wording.version()));
        }
        return consents;
    }

    /** The tenant's current wording; the built-in one, in the brand's language, becomes version 1 if it has none. */
    private Wording wording(WifiRepository.Node node, Brand brand) {
        return repository.latestWording(node.tenantId()).orElseGet(() -> {
            Locale locale = Locale.forLanguageTag(brand.language());
            Object[] name = {brand.name()};
            repository.insertFirstWording(node.tenantId(), messages.getMessage("wifi.default.terms", name, locale),
                    messages.getMessage("wifi.default.email", name, locale),
                    messages.getMessage("wifi.default.sms", name, locale));
            return repository.latestWording(node.tenantId()).orElseThrow();
        });
    }

    private PortalVisit visit(String state) {
        String payload = signatures.verify(STATE, state).orElseThrow(() -> new PortalProblem("wifi.problem.expired",
                HttpStatus.BAD_REQUEST, "state missing or tampered with"));
        PortalVisit visit;
        try {
            visit = json.readValue(payload, PortalVisit.class);
        } catch (JacksonException e) {
            throw new PortalProblem("wifi.problem.expired", HttpStatus.BAD_REQUEST, "state unreadable");
        }
        if (Instant.ofEpochSecond(visit.issuedAt()).plus(STATE_LIFETIME).isBefore(Instant.now())) {
            throw new PortalProblem("wifi.problem.expired", HttpStatus.BAD_REQUEST, "state expired");
        }
        return visit;
    }

    private static Phonenumber.PhoneNumber phone(String text, String country) {
        try {
            Phonenumber.PhoneNumber number = PHONES.parse(text, country);
            return PHONES.isValidNumber(number) ? number : null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    private static boolean mobile(Phonenumber.PhoneNumber number) {
        PhoneNumberUtil.PhoneNumberType type = PHONES.getNumberType(number);
        return type == PhoneNumberUtil.PhoneNumberType.MOBILE
                || type == PhoneNumberUtil.PhoneNumberType.FIXED_LINE_OR_MOBILE;
    }
}

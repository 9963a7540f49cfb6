package io.footbridge.consent.pages;

import io.footbridge.consent.Channel;
import io.footbridge.consent.NewConsent;
import io.footbridge.consent.Purpose;
import io.footbridge.consent.ledger.Entry;
import io.footbridge.consent.ledger.Ledger;
import io.footbridge.consent.ledger.People;
import io.footbridge.identity.IdentifierType;
import io.footbridge.platform.Brand;
import io.footbridge.platform.Brands;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.Signatures;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The pages a customer reaches from a message: one-click unsubscribe ({@code /u/{token}}, RFC 8058: a mail client's
 * POST withdraws at once, a browser's GET asks first, so that link scanners unsubscribe nobody), the preference
 * centre ({@code /preferences/{token}}) and the double opt-in confirmation ({@code /consent/confirm/{token}}, also
 * a button, for the same reason). Every change they make is a ledger line with the request as proof.
 */
@Controller
@Hidden
class ConsentPagesController {

    /** The wording version of the preference centre's own texts, in the ledger lines it writes. */
    static final String PREFERENCE_WORDING = "preference-centre-1";
    private static final List<Channel> MESSAGE_CHANNELS = List.of(Channel.EMAIL, Channel.SMS, Channel.WHATSAPP,
            Channel.PUSH);

    private final Signatures signatures;
    private final Ledger ledger;
    private final People people;
    private final Brands brands;

    ConsentPagesController(Signatures signatures, Ledger ledger, People people, Brands brands) {
        this.signatures = signatures;
        this.ledger = ledger;
        this.people = people;
        this.brands = brands;
    }

    /** A channel on the preference centre: whether marketing on it is on, and where it goes. */
    record Choice(String channel, boolean on, String status, String field) {
    }

    @GetMapping("/u/{token}")
    ModelAndView unsubscribePage(@PathVariable String token, HttpServletRequest request,
                                 HttpServletResponse response) {
        noStore(response);
        Optional<LinkToken> link = verify(LinkToken.UNSUBSCRIBE, token);
        if (link.isEmpty()) {
            return problem("consent.problem.invalid", HttpStatus.BAD_REQUEST, null, request);
        }
        Map<String, Object> model = model(link.get().tenantId(), request);
        model.put("channel", link.get().channel().value());
        model.put("token", token);
        model.put("preferences", signatures.sign(LinkToken.PREFERENCES, new LinkToken(link.get().tenantId(),
                link.get().profileId(), link.get().channel(), link.get().address(), null).payload()));
        return new ModelAndView("consent/unsubscribe", model, HttpStatus.OK);
    }

    /** The mail client's one-click POST (body {@code List-Unsubscribe=One-Click}) and the page's button alike. */
    @PostMapping("/u/{token}")
    @Transactional
    ModelAndView unsubscribe(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        Optional<LinkToken> found = verify(LinkToken.UNSUBSCRIBE, token);
        if (found.isEmpty()) {
            return problem("consent.problem.invalid", HttpStatus.BAD_REQUEST, null, request);
        }
        LinkToken link = found.get();
        boolean oneClick = "One-Click".equals(request.getParameter("List-Unsubscribe"));
        Map<String, String> evidence = evidence(request);
        evidence.put("method", oneClick ? "one-click" : "page");
        if (link.messageId() != null) {
            evidence.put("messageId", link.messageId().toString());
        }
        String key = "unsubscribe:" + (link.messageId() == null ? UUID.randomUUID() : link.messageId()) + ":"
                + link.channel().value();
        Instant now = Instant.now();
        // the link does not say which kind of message carried it: it stops the shop's marketing and, where they
        // were granted, the club's messages on this channel alike (the preference centre it leads to can turn
        // either back on)
        for (Purpose purpose : List.of(Purpose.MARKETING, Purpose.LOYALTY)) {
            if (purpose == Purpose.LOYALTY && ledger.latest(link.tenantId(), link.profileId(),
                    link.profileId() == null ? link.channel().addressType() : null,
                    link.profileId() == null ? link.address() : null, link.channel(), purpose)
                    .filter(e -> !e.status().equals(Entry.WITHDRAWN)).isEmpty()) {
                continue;
            }
            ledger.record(new NewConsent(link.tenantId(), link.profileId(),
                    link.profileId() == null ? link.channel().addressType() : null,
                    link.profileId() == null ? link.address() : null, link.channel(), purpose, false,
                    now, "unsubscribe", null, null, null, evidence,
                    purpose == Purpose.MARKETING ? key : key + ":" + purpose.value()));
        }
        Map<String, Object> model = model(link.tenantId(), request);
        model.put("channel", link.channel().value());
        model.put("preferences", signatures.sign(LinkToken.PREFERENCES, new LinkToken(link.tenantId(),
                link.profileId(), link.channel(), link.address(), null).payload()));
        return new ModelAndView("consent/unsubscribed", model, HttpStatus.OK);
    }

    @GetMapping("/preferences/{token}")
    ModelAndView preferences(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        Optional<LinkToken> link = verify(LinkToken.PREFERENCES, token);
        if (link.isEmpty()) {
            return problem("consent.problem.invalid", HttpStatus.BAD_REQUEST, null, request);
        }
        return preferencePage(link.get(), token, false, request);
    }

    @PostMapping("/preferences/{token}")
    @Transactional
    ModelAndView savePreferences(@PathVariable String token, @RequestParam MultiValueMap<String, String> form,
                                 HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        Optional<LinkToken> found = verify(LinkToken.PREFERENCES, token);
        if (found.isEmpty()) {
            return problem("consent.problem.invalid", HttpStatus.BAD_REQUEST, null, request);
        }
        LinkToken link = found.get();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String save = UUID.randomUUID().toString();
        for (Purpose purpose : List.of(Purpose.MARKETING, Purpose.LOYALTY)) {
            for (Choice choice : choices(link, purpose)) {
                boolean wanted = form.containsKey(field(purpose, choice.channel()));
                if (wanted != choice.on()) {
                    Channel channel = Channel.of(choice.channel()).orElseThrow();
                    Map<String, String> evidence = evidence(request);
                    ledger.record(new NewConsent(link.tenantId(), link.profileId(),
                            link.profileId() == null ? channel.addressType() : null,
                            link.profileId() == null ? link.address() : null, channel, purpose, wanted, now,
                            "preference_centre", null, null, PREFERENCE_WORDING, evidence,
                            "preferences:" + save + ":" + channel.value()
                                    + (purpose == Purpose.MARKETING ? "" : ":" + purpose.value())));
                }
            }
        }
        return preferencePage(link, token, true, request);
    }

    @GetMapping("/consent/confirm/{token}")
    ModelAndView confirmPage(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        Optional<UUID[]> ids = confirmation(token);
        if (ids.isEmpty()) {
            return problem("consent.problem.invalid", HttpStatus.BAD_REQUEST, null, request);
        }
        Map<String, Object> model = model(ids.get()[0], request);
        model.put("token", token);
        return new ModelAndView("consent/confirm", model, HttpStatus.OK);
    }

    @PostMapping("/consent/confirm/{token}")
    ModelAndView confirm(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        noStore(response);
        Optional<UUID[]> ids = confirmation(token);
        if (ids.isEmpty()) {
            return problem("consent.problem.invalid", HttpStatus.BAD_REQUEST, null, request);
        }
        Ledger.Confirmed outcome = ledger.confirm(ids.get()[0], ids.get()[1], evidence(request));
        return switch (outcome) {
            case CONFIRMED, ALREADY -> new ModelAndView("consent/confirmed", model(ids.get()[0], request),
                    HttpStatus.OK);
            case EXPIRED -> problem("consent.problem.expired", HttpStatus.GONE, ids.get()[0], request);
            case UNKNOWN -> problem("consent.problem.invalid", HttpStatus.NOT_FOUND, ids.get()[0], request);
        };
    }

    private ModelAndView preferencePage(LinkToken link, String token, boolean saved, HttpServletRequest request) {
        Map<String, Object> model = model(link.tenantId(), request);
        model.put("choices", choices(link, Purpose.MARKETING));
        model.put("clubChoices", choices(link, Purpose.LOYALTY));
        model.put("token", token);
        model.put("saved", saved);
        return new ModelAndView("consent/preferences", model, HttpStatus.OK);
    }

    /** The form field of a choice: the channel for marketing, {@code club-} and the channel for the club's. */
    private static String field(Purpose purpose, String channel) {
        return purpose == Purpose.MARKETING ? channel : "club-" + channel;
    }

    /**
     * The channels the person can be reached on, each with the purpose on or off as it stands. The club's messages
     * are offered only on channels the person was asked about (joining a loyalty club asks), so a shop without a
     * club shows none.
     */
    private List<Choice> choices(LinkToken link, Purpose purpose) {
        List<Channel> channels = new ArrayList<>();
        Optional<People.Person> person = link.profileId() == null ? Optional.empty()
                : people.of(link.tenantId(), link.profileId());
        if (person.isPresent()) {
            if (person.get().first(IdentifierType.EMAIL).isPresent()) {
                channels.add(Channel.EMAIL);
            }
            if (person.get().first(IdentifierType.PHONE).isPresent()) {
                channels.add(Channel.SMS);
                channels.add(Channel.WHATSAPP);
            }
            // push has no address here (the browsers are messaging's): shown once the person turned it on somewhere
            if (ledger.latest(link.tenantId(), person.get().rootId(), null, null, Channel.PUSH, Purpose.MARKETING)
                    .isPresent()) {
                channels.add(Channel.PUSH);
            }
        }
        if (!channels.contains(link.channel())) {
            channels.add(link.channel());
        }
        List<Choice> choices = new ArrayList<>();
        for (Channel channel : MESSAGE_CHANNELS) {
            if (channels.contains(channel)) {
                Optional<Entry> latest = ledger.latest(link.tenantId(), person.map(People.Person::rootId).orElse(null),
                        person.isPresent() ? null : channel.addressType(), person.isPresent() ? null : link.address(),
                        channel, purpose);
                String status = latest.map(Entry::status).orElse("none");
                if (purpose == Purpose.MARKETING || latest.isPresent()) {
                    choices.add(new Choice(channel.value(), status.equals(Entry.GRANTED), status,
                            field(purpose, channel.value())));
                }
            }
        }
        return choices;
    }

    private Optional<UUID[]> confirmation(String token) {
        return signatures.verify(Ledger.CONFIRM, token).flatMap(payload -> {
            String[] parts = payload.split(":");
            try {
                return parts.length == 2 ? Optional.of(new UUID[]{UUID.fromString(parts[0]), UUID.fromString(parts[1])})
                        : Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    private Optional<LinkToken> verify(String purpose, String token) {
        return token.length() > 1000 ? Optional.empty() : signatures.verify(purpose, token).flatMap(LinkToken::parse);
    }

    private Map<String, Object> model(UUID tenantId, HttpServletRequest request) {
        Map<String, Object> model = new HashMap<>();
        Brand brand = brands.of(tenantId);
        HostedPages.speak(request, brand);
        model.put("brand", brand);
        return model;
    }

    private ModelAndView problem(String key, HttpStatus status, UUID tenantId, HttpServletRequest request) {
        Map<String, Object> model = new HashMap<>();
        model.put("brand", tenantId == null ? null : model(tenantId, request).get("brand"));
        model.put("messageKey", key);
        return new ModelAndView("consent/problem", model, status);
    }

    private static Map<String, String> evidence(HttpServletRequest request) {
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("ip", request.getRemoteAddr());
        String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
        if (userAgent != null) {
            evidence.put("userAgent", userAgent.length() > 300 ? userAgent.substring(0, 300) : userAgent);
        }
        return evidence;
    }

    private static void noStore(HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
    }
}

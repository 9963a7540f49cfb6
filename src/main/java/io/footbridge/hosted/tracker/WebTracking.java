package io.footbridge.hosted.tracker;

import io.footbridge.hosted.WebLinks;
import io.footbridge.capture.EventRecorder;
import io.footbridge.capture.touchpoint.JourneyStage;
import io.footbridge.capture.touchpoint.Touchpoint;
import io.footbridge.capture.touchpoint.TouchpointType;
import io.footbridge.capture.touchpoint.Touchpoints;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.RateLimits;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The web tracker: sites that carry the snippet, links that tell it who arrived, and the page views it sends, kept
 * as {@code web.page_view} events of the site's touchpoint.
 */
@Service
class WebTracking implements WebLinks {

    static final String LINK_PARAMETER = "fb_t";
    private static final String ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}"
            + "[a-z0-9])?)*");
    private static final Pattern VISITOR = Pattern.compile("[A-Za-z0-9-]{8,64}");
    private static final Pattern TOKEN = Pattern.compile("[a-z0-9]{8,32}");
    private static final Set<String> LINK_IDENTIFIERS = Set.of("email", "phone", "loyaltyId");
    private static final int VIEWS_PER_MINUTE = 60;

    /** A page view as the snippet sends it. */
    record PageView(String site, String aid, String eid, String url, String title, String referrer, String link) {
    }

    private final WebRepository repository;
    private final Touchpoints touchpoints;
    private final EventRecorder recorder;
    private final AuditLog audit;
    private final JsonMapper json;
    private final SecureRandom random = new SecureRandom();
    private final RateLimits.Limit perVisitor;
    private final TransactionTemplate transaction;

    WebTracking(WebRepository repository, Touchpoints touchpoints, EventRecorder recorder, AuditLog audit,
                JsonMapper json, RateLimits limits, TransactionTemplate transaction) {
        this.repository = repository;
        this.touchpoints = touchpoints;
        this.recorder = recorder;
        this.audit = audit;
        this.json = json;
        this.perVisitor = limits.limit("tracker-visitor", VIEWS_PER_MINUTE, Duration.ofMinutes(1));
        this.transaction = transaction;
    }

    @Transactional
    WebRepository.Site addSite(Actor actor, WebSiteRequest request) {
        String domain = request.domain().strip().toLowerCase(Locale.ROOT);
        if (!HOST.matcher(domain).matches()) {
            throw ProblemException.invalid("domain", "must be a host name such as shop.example.com");
        }
        String code = "web-" + (domain.length() > 60 ? domain.substring(0, 60) : domain);
        Touchpoint touchpoint = touchpoints.findByCode(actor.tenantId(), code).orElseGet(() -> touchpoints.register(
                actor, code, TouchpointType.WEB, null, request.label().strip(), JourneyStage.PRE_PURCHASE));
        WebRepository.Site site = new WebRepository.Site(UUID.randomUUID(), actor.tenantId(), token(16), domain,
                touchpoint.id(), touchpoint.code(), request.label().strip(), Instant.now().truncatedTo(ChronoUnit.MICROS));
        if (!repository.insertSite(site)) {
            throw ProblemException.conflict("web-site-exists", "This tenant tracks " + domain + " already.");
        }
        audit.record(actor, "web.site.added", "web_site", site.id(), Map.of("domain", domain));
        return site;
    }

    List<WebRepository.Site> sites(Actor actor) {
        return repository.sites(actor.tenantId());
    }

    @Transactional
    void removeSite(Actor actor, UUID id) {
        if (repository.deleteSite(actor.tenantId(), id) == 0) {
            throw ProblemException.notFound("web site", id);
        }
        audit.record(actor, "web.site.removed", "web_site", id, Map.of());
    }

    /** The URL with a token that tells the tracker who followed it; who it is stays in the database. */
    @Transactional
    String link(Actor actor, LinkRequest request) {
        URI uri = uri(request.url());
        if (uri == null || uri.getHost() == null || !("https".equalsIgnoreCase(uri.getScheme())
                || "http".equalsIgnoreCase(uri.getScheme()))) {
            throw ProblemException.invalid("url", "must be an absolute http(s) URL");
        }
        List<WebRepository.Site> sites = repository.sites(actor.tenantId());
        if (sites.stream().noneMatch(site -> onSite(uri.getHost(), site.domain()))) {
            throw ProblemException.invalid("url", "is not on a web site this tenant tracks");
        }
        ObjectNode identifiers = json.createObjectNode();
        request.identifiers().forEach((type, value) -> {
            if (!LINK_IDENTIFIERS.contains(type)) {
                throw ProblemException.invalid("identifiers." + type, "links identify by email, phone or loyaltyId");
            }
            if (value == null || value.isBlank() || value.length() > 320) {
                throw ProblemException.invalid("identifiers." + type, "must be 1 to 320 characters");
            }
            identifiers.put(type, value.strip());
        });
        int days = request.days() == null ? 90 : request.days();
        if (days < 1 || days > 365) {
            throw ProblemException.invalid("days", "must be between 1 and 365");
        }
        String token = token(24);
        Instant now = Instant.now();
        repository.insertLink(token, actor.tenantId(), identifiers.toString(), now, now.plus(Duration.ofDays(days)));
        return UriComponentsBuilder.fromUri(uri).replaceQueryParam(LINK_PARAMETER, token).build(true).toUriString();
    }

    @Override
    @Transactional
    public Optional<String> identifying(UUID tenantId, String url, Map<String, String> identifiers) {
        URI uri = uri(url);
        if (uri == null || uri.getHost() == null || identifiers.isEmpty()
                || repository.sites(tenantId).stream().noneMatch(site -> onSite(uri.getHost(), site.domain()))) {
            return Optional.empty();
        }
        ObjectNode given = json.createObjectNode();
        identifiers.forEach((type, value) -> {
            if (LINK_IDENTIFIERS.contains(type) && value != null && !value.isBlank() && value.length() <= 320) {
                given.put(type, value.strip());
            }
        });
        if (given.isEmpty()) {
            return Optional.empty();
        }
        String token = token(24);
        Instant now = Instant.now();
        repository.insertLink(token, tenantId, given.toString(), now, now.plus(Duration.ofDays(90)));
        return Optional.of(UriComponentsBuilder.fromUri(uri).replaceQueryParam(LINK_PARAMETER, token).build(true)
                .toUriString());
    }

    /**
     * Records a page view if it comes from a page of the site it names; anything else is dropped with the reason.
     *
     * @param origin the page's origin or referrer as the browser sent it
     */
    Optional<String> record(PageView view, String origin, String ip, String userAgent) {
        if (view.site() == null || view.site().length() > 32) {
            return Optional.of("site");
        }
        Optional<WebRepository.Site> found = repository.siteByKey(view.site());
        if (found.isEmpty()) {
            return Optional.of("site");
        }
        WebRepository.Site site = found.get();
        URI from = uri(origin);
        if (from == null || from.getHost() == null || !onSite(from.getHost(), site.domain())) {
            return Optional.of("origin");
        }
        URI page = uri(view.url());
        if (page == null || page.getHost() == null || view.url().length() > 2000
                || !onSite(page.getHost(), site.domain())) {
            return Optional.of("url");
        }
        if (view.aid() == null || !VISITOR.matcher(view.aid()).matches()) {
            return Optional.of("aid");
        }
        // counted before the transaction: a view refused for its rate costs no write of its own
        if (!perVisitor.tryConsume(view.aid()).allowed()) {
            return Optional.of("rate");
        }
        transaction.executeWithoutResult(tx -> append(site, view, userAgent));
        return Optional.empty();
    }

    private void append(WebRepository.Site site, PageView view, String userAgent) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ObjectNode identifiers = json.createObjectNode().put("anonymousId", view.aid());
        if (view.link() != null && TOKEN.matcher(view.link()).matches()) {
            repository.linkIdentifiers(site.tenantId(), view.link(), now).ifPresent(known -> {
                JsonNode who = json.readTree(known);
                who.properties().forEach(entry -> identifiers.set(entry.getKey(), entry.getValue()));
            });
        }
        ObjectNode properties = json.createObjectNode().put("url", view.url());
        putIfShort(properties, "title", view.title(), 300);
        putIfShort(properties, "referrer", view.referrer(), 2000);
        if (view.link() != null) {
            properties.put("arrivedByLink", identifiers.size() > 1);
        }
        if (userAgent != null) {
            properties.put("userAgent", userAgent.length() > 300 ? userAgent.substring(0, 300) : userAgent);
        }
        // the snippet names each view, so a beacon sent twice is kept once
        String eventId = view.eid() != null && VISITOR.matcher(view.eid()).matches() ? "web-" + view.eid()
                : "web-" + UUID.randomUUID();
        recorder.record(site.tenantId(), "web", List.of(new EventRecorder.NewEvent(eventId, "web.page_view", now, null,
                site.touchpointId(), identifiers.toString(), properties.toString())));
    }

    static boolean onSite(String host, String domain) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.equals(domain) || lower.endsWith("." + domain);
    }

    private static void putIfShort(ObjectNode node, String name, String value, int max) {
        if (value != null && !value.isEmpty()) {
            node.put(name, value.length() > max ? value.substring(0, max) : value);
        }
    }

    private static URI uri(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return new URI(raw.strip());
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private String token(int length) {
        char[] token = new char[length];
        for (int i = 0; i < length; i++) {
            token[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(token);
    }
}

package io.footbridge.loyalty.ledger;

import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.messaging.PushSubscriptions;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Web push notifications for the member page: the page asks for the key its browser subscribes with, then posts the
 * browser's subscription, or takes it back. Each call carries the member page's signed link, so only the member can
 * subscribe their browsers; a forged or expired link is answered with a problem naming the {@code token}.
 */
@RestController
@Hidden
class MemberPushController {

    static final String SOURCE = "member_page";

    /** As {@code PushSubscription.toJSON()} gives it, {@code expirationTime} (mostly null) included. */
    record PushRequest(String endpoint, Long expirationTime, Keys keys) {
    }

    record Keys(String p256dh, String auth) {
    }

    private final MemberLinks links;
    private final LoyaltyRepository repository;
    private final IdentityGraph identity;
    private final PushSubscriptions push;

    MemberPushController(MemberLinks links, LoyaltyRepository repository, IdentityGraph identity,
                         PushSubscriptions push) {
        this.links = links;
        this.repository = repository;
        this.identity = identity;
        this.push = push;
    }

    @GetMapping("/club/{token}/push")
    ResponseEntity<Map<String, Object>> key(@PathVariable String token) {
        Person person = person(token);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("applicationServerKey", push.applicationServerKey());
        answer.put("subscriptions", push.count(person.tenantId(), person.profileId()));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(answer);
    }

    @PostMapping("/club/{token}/push")
    ResponseEntity<Map<String, Object>> subscribe(@PathVariable String token,
                                                  @RequestBody(required = false) PushRequest body,
                                                  HttpServletRequest request) {
        Person person = person(token);
        PushRequest given = body == null ? new PushRequest(null, null, null) : body;
        Keys keys = given.keys() == null ? new Keys(null, null) : given.keys();
        PushSubscriptions.Subscribed subscribed = push.subscribe(person.tenantId(), person.profileId(),
                new PushSubscriptions.Subscription(given.endpoint(), keys.p256dh(), keys.auth()), SOURCE,
                evidence(request));
        return ResponseEntity.status(subscribed.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .cacheControl(CacheControl.noStore()).body(Map.of("subscribed", true));
    }

    @DeleteMapping("/club/{token}/push")
    ResponseEntity<Map<String, Object>> unsubscribe(@PathVariable String token,
                                                    @RequestBody(required = false) PushRequest body,
                                                    HttpServletRequest request) {
        Person person = person(token);
        boolean removed = push.unsubscribe(person.tenantId(), person.profileId(),
                body == null ? null : body.endpoint(), SOURCE, evidence(request));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Map.of("unsubscribed", removed));
    }

    private record Person(UUID tenantId, UUID profileId) {
    }

    /** The person the link opens the page of, or the problem that the page itself shows as a page. */
    private Person person(String token) {
        Optional<MemberLinks.Opened> opened = links.open(token, Instant.now());
        if (opened.isEmpty()) {
            throw new ProblemException(HttpStatus.NOT_FOUND, "member-link-forged", "Unknown member link",
                    "The link is not a member page link of this installation.",
                    List.of(new FieldError("token", "is not a member page link")));
        }
        if (opened.get().expired()) {
            throw new ProblemException(HttpStatus.GONE, "member-link-expired", "Member link expired",
                    "The member page link has expired; sign in again for a new one.",
                    List.of(new FieldError("token", "has expired; sign in again")));
        }
        UUID tenantId = opened.get().tenantId();
        Optional<UUID> profile = repository.memberById(tenantId, opened.get().memberId())
                .filter(m -> !m.loyaltyId().startsWith(LoyaltyRepository.ERASED))
                .flatMap(m -> identity.findByIdentifier(tenantId, IdentifierType.LOYALTY_ID, m.loyaltyId()));
        if (profile.isEmpty()) {
            if (repository.memberById(tenantId, opened.get().memberId())
                    .filter(m -> !m.loyaltyId().startsWith(LoyaltyRepository.ERASED)).isPresent()) {
                // a member identity has not tied to a person yet: try again shortly, the membership is there
                throw new ProblemException(HttpStatus.CONFLICT, "member-unlinked", "Member not linked yet",
                        "The membership is not tied to a person yet; try again in a moment.",
                        List.of(new FieldError("token", "opens a membership not tied to a person yet")));
            }
            throw new ProblemException(HttpStatus.NOT_FOUND, "member-gone", "No such member",
                    "The membership this link opens is gone.",
                    List.of(new FieldError("token", "opens no membership any more")));
        }
        return new Person(tenantId, profile.get());
    }

    /** The proof the ledger keeps of the person turning notifications on or off. */
    private static Map<String, String> evidence(HttpServletRequest request) {
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("ip", request.getRemoteAddr());
        String agent = request.getHeader(HttpHeaders.USER_AGENT);
        if (agent != null) {
            evidence.put("userAgent", agent.length() > 300 ? agent.substring(0, 300) : agent);
        }
        return evidence;
    }
}

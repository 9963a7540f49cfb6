package io.footbridge.messaging.outbound;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;
import io.footbridge.messaging.Messages;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.PER_STORE;
import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

@RestController
@RequestMapping("/api/v1/messages")
@Tag(name = "Messages", description = "Send from a template, follow a message from queued to delivered, read the outbox")
@Reach(PER_STORE)
class MessageController {

    private final Messages messages;
    private final MessageRepository repository;
    private final DeliveryReports reports;
    private final Stores stores;

    MessageController(Messages messages, MessageRepository repository, DeliveryReports reports, Stores stores) {
        this.messages = messages;
        this.repository = repository;
        this.reports = reports;
        this.stores = stores;
    }

    record SendRequest(UUID profileId, @Size(max = 320) String to, @NotNull Channel channel, @NotNull Purpose purpose,
                       @NotBlank @Size(max = 64) String template, @Size(max = 16) String language,
                       Map<String, Object> variables, @Size(max = 64) String store) {
    }

    record Summary(UUID id, UUID profileId, Channel channel, Purpose purpose, String to, String template,
                   String language, String status, String reason, int attempts, String provider, String origin,
                   String store, Instant createdAt, Instant sentAt, Instant deliveredAt, Instant openedAt,
                   Instant clickedAt) {
    }

    record Detail(Summary message, String subject, String text, String html, String whatsapp,
                  List<MessageRepository.Event> events, List<LinkView> links) {
    }

    record LinkView(int position, String url, int clicks) {
    }

    record Page(List<Summary> items, Instant next) {
    }

    record ReportRequest(@NotNull @Pattern(regexp = "delivered|opened|clicked|failed|bounced|complained",
            message = "must be one of: delivered, opened, clicked, failed, bounced, complained") String status,
                         @Size(max = 500) String detail, Instant occurredAt, @Size(max = 100) String reportId) {
    }

    @PostMapping
    @PreAuthorize("hasAuthority('SCOPE_messages:write')")
    @Operation(summary = "Send a message from a template; 202 when queued, 422 when the consent gate refuses it"
            + " (kept as blocked with the reason). A retry with the same Idempotency-Key gets the first answer")
    ResponseEntity<?> send(@AuthenticationPrincipal Actor actor,
                           @RequestHeader(name = "Idempotency-Key", required = false) @Size(max = 100) String key,
                           @Valid @RequestBody SendRequest request) {
        UUID storeId = null;
        if (request.store() != null) {
            StoreRef store = stores.requireByCode(actor.tenantId(), request.store());
            actor.requireStore(store.id());
            storeId = store.id();
        } else if (!actor.allStores() && actor.storeIds().size() == 1) {
            storeId = actor.storeIds().iterator().next();
        }
        Messages.Queued queued = messages.send(new Messages.Outgoing(actor.tenantId(), request.profileId(),
                request.channel(), request.purpose(), request.to(), request.template(), request.language(),
                request.variables(), key == null ? null : "api:" + key, storeId, "api"));
        if (queued.blocked()) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "message-blocked", "Message blocked",
                    "The consent gate refused this message: " + queued.reason(), List.of())
                    .with("messageId", queued.messageId()).with("reason", queued.reason().split(":")[0]);
        }
        return ResponseEntity.status(queued.duplicate() ? HttpStatus.OK : HttpStatus.ACCEPTED).body(queued);
    }

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_messages:read')")
    @Operation(summary = "Messages, newest first: by person, status, provider (outbox: what the development outbox"
            + " kept) or origin; page with 'before' (the last createdAt of a page)")
    @Reach(TENANT_WIDE)
    Page list(@AuthenticationPrincipal Actor actor, @RequestParam(required = false) UUID profileId,
              @RequestParam(required = false) String status, @RequestParam(required = false) String provider,
              @RequestParam(required = false) String origin, @RequestParam(required = false) Instant before,
              @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        // the list spans every store and none (its reach is tenant-wide); a store reads single messages of its own
        List<Summary> items = repository.list(actor.tenantId(), profileId, status, provider, origin,
                before == null ? Instant.parse("9999-12-31T00:00:00Z") : before, limit).stream()
                .map(m -> summary(actor, m)).toList();
        return new Page(items, items.size() == limit ? items.get(items.size() - 1).createdAt() : null);
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_messages:read')")
    @Operation(summary = "A message with its content as sent, its status history and its links' clicks")
    Detail get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        Message m = find(actor, id);
        return new Detail(summary(actor, m), m.subject(), m.text(), m.html(), m.whatsappJson(),
                repository.events(m.id()), repository.links(m.id()).stream()
                .map(l -> new LinkView(l.position(), l.url(), l.clicks())).toList());
    }

    @GetMapping(value = "/{id}/html", produces = MediaType.TEXT_HTML_VALUE)
    @PreAuthorize("hasAuthority('SCOPE_messages:read')")
    @Operation(summary = "An email as its recipient sees it (sandboxed: no scripts, no form posts)")
    ResponseEntity<String> html(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        Message m = find(actor, id);
        if (m.html() == null) {
            throw ProblemException.notFound("HTML content of message", id);
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML)
                .header("Content-Security-Policy", "sandbox; default-src 'none'; img-src * data:; style-src 'unsafe-inline'")
                .body(m.html());
    }

    @PostMapping("/{id}/events")
    @PreAuthorize("hasAuthority('SCOPE_messages:write')")
    @Operation(summary = "Report what happened to a message elsewhere (a bounce or complaint from the mail server,"
            + " a delivery receipt); the same reportId is recorded once")
    ResponseEntity<Map<String, Object>> report(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                                               @Valid @RequestBody ReportRequest request) {
        Message m = find(actor, id);
        Instant at = request.occurredAt() == null ? Instant.now() : request.occurredAt();
        if (at.isAfter(Instant.now().plusSeconds(300))) {
            throw ProblemException.invalid("occurredAt", "is in the future");
        }
        if (at.isBefore(m.createdAt().minusSeconds(300))) {
            throw ProblemException.invalid("occurredAt", "is before the message was made");
        }
        boolean recorded = reports.report(m, request.status(), at, request.detail(),
                request.reportId() == null ? null : "api:" + request.reportId());
        return ResponseEntity.status(recorded ? HttpStatus.CREATED : HttpStatus.OK)
                .body(Map.of("recorded", recorded, "status", repository.find(actor.tenantId(), id).orElseThrow().status()));
    }

    private Message find(Actor actor, UUID id) {
        Message m = repository.find(actor.tenantId(), id).orElseThrow(() -> ProblemException.notFound("message", id));
        if (m.storeId() != null) {
            actor.requireStore(m.storeId());
        } else if (!actor.allStores()) {
            throw ProblemException.notFound("message", id);
        }
        return m;
    }

    private Summary summary(Actor actor, Message m) {
        String store = m.storeId() == null ? null
                : stores.findById(actor.tenantId(), m.storeId()).map(StoreRef::code).orElse(null);
        return new Summary(m.id(), m.profileId(), m.channel(), m.purpose(), m.to(), m.template(), m.language(),
                m.status(), m.reason(), m.attempts(), m.provider(), m.origin(), store, m.createdAt(), m.sentAt(),
                m.deliveredAt(), m.openedAt(), m.clickedAt());
    }
}

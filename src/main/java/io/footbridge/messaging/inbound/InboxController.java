package io.footbridge.messaging.inbound;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.messaging.Messages;
import io.footbridge.messaging.outbound.Message;
import io.footbridge.messaging.outbound.MessageRepository;
import io.footbridge.messaging.template.Templates;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.Brands;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Reach;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.footbridge.platform.Reach.Level.TENANT_WIDE;

/**
 * The service inbox: what customers wrote by SMS and WhatsApp that was not a keyword, one conversation per person
 * and channel, answered from here through the {@code inbox.reply} template as a service message on the same channel.
 */
@RestController
@RequestMapping("/api/v1/inbox")
@Tag(name = "Inbox", description = "Customers' SMS and WhatsApp messages, the conversation with each, replies")
@Reach(TENANT_WIDE)
class InboxController {

    /** How much of a conversation one answer shows, of each side. */
    private static final int CONVERSATION = 200;

    private final InboundRepository repository;
    private final MessageRepository messages;
    private final Messages sender;
    private final Templates templates;
    private final Brands brands;
    private final IdentityGraph identity;
    private final AuditLog audit;
    private final TransactionTemplate transaction;

    InboxController(InboundRepository repository, MessageRepository messages, Messages sender, Templates templates,
                    Brands brands, IdentityGraph identity, AuditLog audit, TransactionTemplate transaction) {
        this.repository = repository;
        this.messages = messages;
        this.sender = sender;
        this.templates = templates;
        this.brands = brands;
        this.identity = identity;
        this.audit = audit;
        this.transaction = transaction;
    }

    record ItemView(UUID id, Channel channel, String address, UUID profileId, String status, int messages,
                    int replies, String lastText, Instant lastMessageAt, Instant answeredAt, Instant closedAt,
                    Instant createdAt) {
    }

    record Page(List<ItemView> items, Instant next) {
    }

    /**
     * One message of a conversation: {@code in} from the customer (with the keyword, when it was one), {@code out}
     * from us (any message on the channel to that address: inbox replies, receipts, campaigns) with its status.
     */
    record Line(String direction, UUID id, Instant at, String text, String kind, Integer media, String keyword,
                String status, String origin, String template) {
    }

    record Conversation(ItemView item, List<Line> messages) {
    }

    record ReplyRequest(@NotBlank @Size(max = 1600) String text) {
    }

    record Replied(UUID messageId, String status, boolean duplicate, ItemView item) {
    }

    @GetMapping
    @PreAuthorize("hasAuthority('SCOPE_messages:read')")
    @Operation(summary = "Conversations, the one with the newest customer message first; page with 'before' (the"
            + " lastMessageAt of a page's last item)")
    Page list(@AuthenticationPrincipal Actor actor,
              @RequestParam(required = false) @Pattern(regexp = "open|answered|closed",
                      message = "must be one of: open, answered, closed") String status,
              @RequestParam(required = false) @Pattern(regexp = "sms|whatsapp",
                      message = "must be one of: sms, whatsapp") String channel,
              @RequestParam(required = false) Instant before,
              @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        List<ItemView> items = repository.items(actor.tenantId(), status,
                        channel == null ? null : Channel.of(channel).orElseThrow(),
                        before == null ? Instant.parse("9999-12-31T00:00:00Z") : before, limit).stream()
                .map(i -> view(i, i.profileId())).toList();
        return new Page(items, items.size() == limit ? items.get(items.size() - 1).lastMessageAt() : null);
    }

    @GetMapping("/{id}")
    @PreAuthorize("hasAuthority('SCOPE_messages:read')")
    @Operation(summary = "A conversation: what the customer wrote (keywords included) and what we sent them on that"
            + " channel, oldest first")
    Conversation get(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        InboundRepository.Item item = find(actor, id);
        List<Line> lines = new ArrayList<>();
        if (item.address() != null) {
            for (InboundRepository.Inbound in : repository.from(actor.tenantId(), item.channel(), item.address(),
                    CONVERSATION)) {
                lines.add(new Line("in", in.id(), in.receivedAt(), in.text(), in.kind(), in.media(), in.keyword(),
                        null, null, null));
            }
            for (Message out : messages.to(actor.tenantId(), item.channel(), item.address(), CONVERSATION)) {
                lines.add(new Line("out", out.id(), out.createdAt(), out.text(), null, null, null, out.status(),
                        out.origin(), out.template()));
            }
        }
        lines.sort(Comparator.comparing(Line::at).thenComparing(Line::direction));
        UUID profileId = item.profileId() != null || item.address() == null ? item.profileId()
                : identity.findByIdentifier(actor.tenantId(), IdentifierType.PHONE, item.address()).orElse(null);
        return new Conversation(view(item, profileId), lines);
    }

    @PostMapping("/{id}/reply")
    @PreAuthorize("hasAuthority('SCOPE_messages:write')")
    @Operation(summary = "Answer on the conversation's channel (a service message through the inbox.reply template);"
            + " 202 when queued, 422 when the consent gate refuses it. A retry with the same Idempotency-Key gets the"
            + " first answer")
    ResponseEntity<Replied> reply(@AuthenticationPrincipal Actor actor, @PathVariable UUID id,
                                  @RequestHeader(name = "Idempotency-Key", required = false) @Size(max = 100)
                                  String key,
                                  @Valid @RequestBody ReplyRequest request) {
        InboundRepository.Item item = find(actor, id);
        if (item.address() == null) {
            throw ProblemException.conflict("inbox-item-erased", "The person in this conversation was erased;"
                    + " there is no one to answer.");
        }
        if (item.channel() == Channel.WHATSAPP && !windowOpen(actor.tenantId(), item) && !approvedTemplate(actor)) {
            throw ProblemException.conflict("whatsapp-window-closed", "The customer last wrote more than 24 hours"
                    + " ago: WhatsApp only carries approved templates now, and inbox.reply has none.");
        }
        Messages.Queued queued = transaction.execute(tx -> {
            Messages.Queued q = sender.send(new Messages.Outgoing(actor.tenantId(), item.profileId(), item.channel(),
                    Purpose.SERVICE, item.address(), "inbox.reply", null, Map.of("text", request.text().strip()),
                    key == null ? null : "inbox:" + id + ":" + key, null, "inbox"));
            if (!q.blocked() && !q.duplicate()) {
                repository.answered(actor.tenantId(), id, Instant.now().truncatedTo(ChronoUnit.MICROS));
                // the reply's text stays with the message, not in the audit log
                audit.record(actor, "inbox.replied", "inbox_item", id, Map.of("messageId", q.messageId(),
                        "channel", item.channel().value()));
            }
            return q;
        });
        if (queued.blocked()) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "message-blocked", "Message blocked",
                    "The consent gate refused this reply: " + queued.reason(), List.of())
                    .with("messageId", queued.messageId()).with("reason", queued.reason().split(":")[0]);
        }
        InboundRepository.Item now = repository.item(actor.tenantId(), id).orElseThrow();
        return ResponseEntity.status(queued.duplicate() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(new Replied(queued.messageId(), queued.status(), queued.duplicate(), view(now, now.profileId())));
    }

    @PostMapping("/{id}/close")
    @PreAuthorize("hasAuthority('SCOPE_messages:write')")
    @Operation(summary = "Close a conversation; the customer's next message opens it again")
    ItemView close(@AuthenticationPrincipal Actor actor, @PathVariable UUID id) {
        find(actor, id);
        transaction.executeWithoutResult(tx -> {
            repository.close(actor.tenantId(), id, Instant.now().truncatedTo(ChronoUnit.MICROS));
            audit.record(actor, "inbox.closed", "inbox_item", id, Map.of());
        });
        InboundRepository.Item item = repository.item(actor.tenantId(), id).orElseThrow();
        return view(item, item.profileId());
    }

    private boolean windowOpen(UUID tenantId, InboundRepository.Item item) {
        return repository.lastReceived(tenantId, Channel.WHATSAPP, item.address())
                .map(at -> at.isAfter(Instant.now().minus(java.time.Duration.ofHours(24)))).orElse(false);
    }

    private boolean approvedTemplate(Actor actor) {
        return templates.resolve(actor.tenantId(), "inbox.reply", Channel.WHATSAPP,
                brands.of(actor.tenantId()).language()).whatsappName() != null;
    }

    private InboundRepository.Item find(Actor actor, UUID id) {
        return repository.item(actor.tenantId(), id).orElseThrow(() -> ProblemException.notFound("inbox item", id));
    }

    private static ItemView view(InboundRepository.Item i, UUID profileId) {
        return new ItemView(i.id(), i.channel(), i.address(), profileId, i.status(), i.messages(), i.replies(),
                i.lastText(), i.lastInboundAt(), i.answeredAt(), i.closedAt(), i.createdAt());
    }
}

package io.footbridge.messaging.inbound;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.messaging.Inbox;
import io.footbridge.messaging.Messages;
import io.footbridge.messaging.outbound.Message;
import io.footbridge.messaging.outbound.MessageRepository;
import io.footbridge.messaging.template.Templates;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.Brands;
import io.footbridge.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The inbox's work for the API and the console alike. */
@Service
class InboxService implements Inbox {

    /** How much of a conversation one answer shows, of each side. */
    private static final int CONVERSATION = 200;
    private static final Instant END_OF_TIME = Instant.parse("9999-12-31T00:00:00Z");

    private final InboundRepository repository;
    private final MessageRepository messages;
    private final Messages sender;
    private final Templates templates;
    private final Brands brands;
    private final IdentityGraph identity;
    private final AuditLog audit;
    private final TransactionTemplate transaction;

    InboxService(InboundRepository repository, MessageRepository messages, Messages sender, Templates templates,
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

    @Override
    public List<Item> list(Actor actor, String status, Channel channel, Instant before, int limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.invalid("status", "must be one of: " + String.join(", ", STATUSES));
        }
        return repository.items(actor.tenantId(), status, channel, before == null ? END_OF_TIME : before, limit)
                .stream().map(i -> view(i, i.profileId())).toList();
    }

    @Override
    public Conversation get(Actor actor, UUID id) {
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

    @Override
    public Replied reply(Actor actor, UUID id, String text, String idempotencyKey) {
        if (text == null || text.isBlank()) {
            throw ProblemException.invalid("text", "must not be blank");
        }
        if (text.length() > MAX_REPLY) {
            throw ProblemException.invalid("text", "size must be between 0 and " + MAX_REPLY);
        }
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
                    Purpose.SERVICE, item.address(), "inbox.reply", null, Map.of("text", text.strip()),
                    idempotencyKey == null ? null : "inbox:" + id + ":" + idempotencyKey, null, "inbox"));
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
        return new Replied(queued.messageId(), queued.status(), queued.duplicate(), view(now, now.profileId()));
    }

    @Override
    public Item close(Actor actor, UUID id) {
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

    private static Item view(InboundRepository.Item i, UUID profileId) {
        return new Item(i.id(), i.channel(), i.address(), profileId, i.status(), i.messages(), i.replies(),
                i.lastText(), i.lastInboundAt(), i.answeredAt(), i.closedAt(), i.createdAt());
    }
}

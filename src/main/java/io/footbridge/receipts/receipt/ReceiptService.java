package io.footbridge.receipts.receipt;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.footbridge.capture.Sales;
import io.footbridge.consent.Channel;
import io.footbridge.identity.IdentifierNormaliser;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.Normalised;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.receipts.ReceiptRef;
import io.footbridge.receipts.Receipts;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Receipts for staff (list, one, resend) and for other modules (a survey about a receipt). */
@Service
class ReceiptService implements Receipts {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record View(UUID id, String transactionId, String store, Instant occurredAt, String currency, long total,
                long refunded, String status, Instant voidedAt, String channel, String to, String url,
                Delivery delivery, List<MessageView> messages, int views, Instant firstViewedAt,
                List<CtaView> ctas, Instant createdAt, Instant erasedAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Delivery(String status, String reason, UUID messageId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MessageView(UUID messageId, String channel, boolean resend, boolean marketing, String status,
                       String reason, Instant queuedAt, Instant sentAt, Instant deliveredAt, Instant openedAt,
                       Instant clickedAt, Instant failedAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CtaView(String cta, boolean inMessage, boolean onPage, int clicks, int messageClicks,
                   Instant firstClickedAt, String couponCode) {
    }

    private final ReceiptRepository repository;
    private final ReceiptDelivery delivery;
    private final Sales sales;
    private final Stores stores;
    private final IdentifierNormaliser normaliser;
    private final HostedPages pages;
    private final AuditLog audit;
    private final JsonMapper json;
    private final TransactionTemplate transaction;

    ReceiptService(ReceiptRepository repository, ReceiptDelivery delivery, Sales sales, Stores stores,
                   IdentifierNormaliser normaliser, HostedPages pages, AuditLog audit, JsonMapper json,
                   TransactionTemplate transaction) {
        this.transaction = transaction;
        this.repository = repository;
        this.delivery = delivery;
        this.sales = sales;
        this.stores = stores;
        this.normaliser = normaliser;
        this.pages = pages;
        this.audit = audit;
        this.json = json;
    }

    @Override
    public Optional<ReceiptRef> find(UUID tenantId, UUID receiptId) {
        return repository.find(tenantId, receiptId).map(r -> new ReceiptRef(r.id(), r.tenantId(), r.transactionId(),
                r.storeId(), r.occurredAt(), r.channel(), r.address(), identifiers(r), r.voided(),
                r.erasedAt() != null));
    }

    List<View> list(Actor actor, String storeCode, Instant from, Instant to, int limit, int offset) {
        Set<UUID> storeIds = stores.scope(actor, storeCode);
        Map<UUID, String> codes = new LinkedHashMap<>();
        return repository.list(actor.tenantId(), storeIds, from, to, limit, offset).stream()
                .map(r -> view(r, codes, false)).toList();
    }

    View get(Actor actor, UUID id) {
        return view(visible(actor, id), new LinkedHashMap<>(), true);
    }

    /** Another tenant's receipt, and one of a store the caller does not work in, answer like an unknown one. */
    private ReceiptRepository.Receipt visible(Actor actor, UUID id) {
        return repository.find(actor.tenantId(), id).filter(r -> actor.canAccessStore(r.storeId()))
                .orElseThrow(() -> ProblemException.notFound("receipt", id));
    }

    /**
     * Sends the receipt again: to where it went, or to a corrected address (on the same or another channel), which
     * then becomes the receipt's. The key makes a retried request send once.
     */
    View resend(Actor actor, UUID id, String channelName, String to, String key) {
        ReceiptDelivery.Sent sent;
        try {
            sent = transaction.execute(status -> resendIn(actor, id, channelName, to, key));
        } catch (PessimisticLockingFailureException deadlock) {
            // PostgreSQL chose this send as a deadlock's victim (another transaction on the same receipt ran at the
            // same moment): it was rolled back whole, so it is tried once more rather than answered with a 500
            sent = transaction.execute(status -> resendIn(actor, id, channelName, to, key));
        }
        if ("blocked".equals(sent.status())) {
            // kept as blocked, for the record, like every message the gate refuses
            throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "message-blocked", "Message blocked",
                    "The consent gate refused the receipt: " + sent.reason(), List.of())
                    .with("reason", sent.reason() == null ? null : sent.reason().split(":")[0])
                    .with("messageId", sent.messageId());
        }
        return view(repository.find(actor.tenantId(), id).orElseThrow(), new LinkedHashMap<>(), true);
    }

    private ReceiptDelivery.Sent resendIn(Actor actor, UUID id, String channelName, String to, String key) {
        ReceiptRepository.Receipt receipt = visible(actor, id);
        if (receipt.erasedAt() != null) {
            throw ProblemException.conflict("erased", "The customer of this receipt was erased; it cannot be sent.");
        }
        if (receipt.voided()) {
            throw ProblemException.conflict("receipt-void", "This sale was voided at the till; its receipt is not"
                    + " sent any more.");
        }
        Channel channel = channelName == null ? Channel.of(receipt.channel()).orElseThrow()
                : Channel.of(channelName).filter(c -> c == Channel.EMAIL || c == Channel.SMS || c == Channel.WHATSAPP)
                .orElseThrow(() -> ProblemException.invalid("channel", "must be one of: email, sms, whatsapp"));
        String address = receipt.channel().equals(channel.value()) ? receipt.address() : null;
        String email = null;
        String phone = null;
        if (to != null) {
            String country = stores.findById(actor.tenantId(), receipt.storeId()).map(StoreRef::country).orElse(null);
            IdentifierType type = IdentifierType.ofKey(channel.addressType()).orElseThrow();
            Normalised given = normaliser.normalise(type, to, country);
            if (!given.usable()) {
                throw ProblemException.invalid("to", given.problem());
            }
            address = given.value();
            email = type == IdentifierType.EMAIL ? address : null;
            phone = type == IdentifierType.PHONE ? address : null;
        }
        if (address == null) {
            throw ProblemException.invalid("to", "the receipt has no " + channel.addressType() + " to send "
                    + channel.value() + " to; give one");
        }
        Sales.Sale sale = sales.find(actor.tenantId(), receipt.transactionId())
                .orElseThrow(() -> ProblemException.notFound("receipt", id));
        if (to != null || !receipt.channel().equals(channel.value())) {
            repository.readdress(receipt.id(), channel.value(), address, email, phone);
        }
        ReceiptRepository.Receipt current = repository.find(actor.tenantId(), id).orElseThrow();
        ReceiptDelivery.Sent sent = delivery.send(current, sale, channel, address,
                "receipt:" + id + ":resend:" + (key == null ? UUID.randomUUID() : key), true);
        if (ReceiptRepository.UNDELIVERABLE.equals(sent.status())) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "validation", "Invalid request", sent.reason(),
                    List.of(new FieldError("to", sent.reason())));
        }
        audit.record(actor, "receipt.resent", "receipt", id, Map.of("channel", channel.value(),
                "readdressed", to != null));
        return sent;
    }

    View view(ReceiptRepository.Receipt r, Map<UUID, String> codes, boolean detail) {
        String store = codes.computeIfAbsent(r.storeId(), sid -> stores.findById(r.tenantId(), sid)
                .map(StoreRef::code).orElse(null));
        List<MessageView> messages = detail ? repository.messages(r.tenantId(), r.id()).stream()
                .map(m -> new MessageView(m.messageId(), m.channel(), m.resend(), m.marketing(), m.status(),
                        m.reason(), m.queuedAt(), m.sentAt(), m.deliveredAt(), m.openedAt(), m.clickedAt(),
                        m.failedAt())).toList() : null;
        List<CtaView> ctas = detail ? repository.ctas(r.id()).stream()
                .map(c -> new CtaView(c.cta(), c.inMessage(), c.onPage(), c.clicks(), c.messageClicks(),
                        c.firstClickedAt(), c.couponCode())).toList() : null;
        return new View(r.id(), r.transactionId(), store, r.occurredAt(), r.currency(), r.total(), r.refunded(),
                r.status(), r.voidedAt(), r.channel(), r.address(),
                r.token() == null ? null : pages.baseUrl() + "/r/" + r.token(),
                new Delivery(r.delivery(), r.deliveryReason(), r.messageId()), messages, r.views(),
                r.firstViewedAt(), ctas, r.createdAt(), r.erasedAt());
    }

    private Map<String, String> identifiers(ReceiptRepository.Receipt r) {
        Map<String, String> typed = new LinkedHashMap<>();
        if (r.identifiers() != null) {
            JsonNode node = json.readTree(r.identifiers());
            node.propertyNames().forEach(name -> typed.put(name, node.get(name).asString()));
        }
        return typed;
    }
}

package io.footbridge.receipts.receipt;

import io.footbridge.capture.Sales;
import io.footbridge.consent.Channel;
import io.footbridge.consent.Consents;
import io.footbridge.consent.Purpose;
import io.footbridge.messaging.Messages;
import io.footbridge.platform.BackgroundWork;
import io.footbridge.platform.Brand;
import io.footbridge.platform.Brands;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends receipts: composes the message from the sale and the settings (the marketing parts only with the
 * customer's permission), queues it through messaging as a service message with the receipt as its idempotency
 * key, and remembers it. A receipt whose sale carried consent ticks waits, a few seconds at most, for the consent
 * ledger to take them in; a sweep sends those, and any receipt a crash left pending.
 */
@Service
class ReceiptDelivery {

    private static final Logger log = LoggerFactory.getLogger(ReceiptDelivery.class);
    static final String ORIGIN = "receipt";
    static final String TEMPLATE = "receipt";

    /** What a send did, for the resend API. */
    record Sent(UUID messageId, String status, String reason) {
    }

    private final ReceiptRepository repository;
    private final ReceiptSettings settings;
    private final ReceiptContent content;
    private final Sales sales;
    private final Messages messages;
    private final Consents consents;
    private final Brands brands;
    private final Stores stores;
    private final HostedPages pages;
    private final ReceiptsProperties properties;
    private final TransactionTemplate transaction;
    private final TransactionTemplate savepoint;
    private volatile boolean stopping;

    ReceiptDelivery(ReceiptRepository repository, ReceiptSettings settings, ReceiptContent content, Sales sales,
                    Messages messages, Consents consents, Brands brands, Stores stores, HostedPages pages,
                    ReceiptsProperties properties, PlatformTransactionManager transactions,
                    BackgroundWork background) {
        this.repository = repository;
        this.settings = settings;
        this.content = content;
        this.sales = sales;
        this.messages = messages;
        this.consents = consents;
        this.brands = brands;
        this.stores = stores;
        this.pages = pages;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
        // a message messaging refuses (an address that cannot take the channel) is rolled back to here, not the
        // caller's whole transaction
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        background.recurring("receipt-sweep", properties.sweepInterval(), this::sweep);
    }

    /** A sweep in progress stops between receipts; the scheduler waits for it. */
    @EventListener(ContextClosedEvent.class)
    void stop() {
        stopping = true;
    }

    /** Sends the pending receipts whose consent has settled (or waited long enough); answers how many it took. */
    int sweep() {
        int sent = 0;
        for (ReceiptRepository.Receipt pending : repository.pending(200)) {
            if (stopping) {
                break;
            }
            if (!settled(pending, Instant.now())) {
                continue;
            }
            try {
                Boolean done = transaction.execute(status -> deliver(pending));
                sent += Boolean.TRUE.equals(done) ? 1 : 0;
            } catch (RuntimeException e) {
                log.warn("Receipt {} of tenant {} not sent: {}", pending.id(), pending.tenantId(),
                        e.getClass().getSimpleName());
            }
        }
        return sent;
    }

    /**
     * Whether the marketing permission the customer gave at the till has reached the ledger: the consent module's
     * own feed takes the sale's ticks in, in parallel with this one. Without ticks on the sale there is nothing to
     * wait for; after {@code consentWait} the receipt goes with what the ledger says.
     */
    boolean settled(ReceiptRepository.Receipt receipt, Instant now) {
        if (receipt.consentSince() == null || receipt.address() == null
                || receipt.createdAt().plus(properties.consentWait()).isBefore(now)) {
            return true;
        }
        Channel channel = Channel.of(receipt.channel()).orElseThrow();
        return consents.standing(receipt.tenantId(), null, channel.addressType(), receipt.address(), channel,
                        Purpose.MARKETING)
                .map(standing -> !standing.occurredAt().isBefore(receipt.consentSince()))
                .orElse(false);
    }

    /**
     * Composes and queues a pending receipt's message, in the caller's transaction; false when another node took it
     * first. A voided sale's receipt is cancelled instead.
     */
    boolean deliver(ReceiptRepository.Receipt receipt) {
        if (!repository.claim(receipt.id())) {
            return false;
        }
        Optional<Sales.Sale> sale = sales.find(receipt.tenantId(), receipt.transactionId());
        if (sale.isEmpty() || sale.get().voided() || receipt.voided()) {
            repository.delivery(receipt.id(), ReceiptRepository.CANCELLED,
                    sale.isEmpty() ? "the sale is not recorded" : "the sale was voided", null);
            return true;
        }
        if (receipt.address() == null) {
            repository.delivery(receipt.id(), ReceiptRepository.UNDELIVERABLE, receipt.deliveryReason(), null);
            return true;
        }
        send(receipt, sale.get(), Channel.of(receipt.channel()).orElseThrow(), receipt.address(),
                "receipt:" + receipt.id(), false);
        return true;
    }

    /**
     * Queues the receipt on a channel to an address and records it; a problem with the address is recorded on the
     * receipt as undeliverable rather than thrown.
     */
    Sent send(ReceiptRepository.Receipt receipt, Sales.Sale sale, Channel channel, String address, String key,
              boolean resend) {
        StoreRef store = stores.findById(receipt.tenantId(), receipt.storeId()).orElse(null);
        ZoneId zone = store == null ? ZoneOffset.UTC : store.timeZone();
        Brand brand = brands.of(receipt.tenantId());
        Settings applied = settings.effective(receipt.tenantId(), receipt.storeId());
        ReceiptContent.Customer customer = content.customer(receipt, zone);
        String base = pages.baseUrl();
        List<ReceiptContent.Offered> ctas = content.ctas(receipt, sale, applied, customer, "message", base);
        Map<String, Object> variables = variables(content.content(receipt, sale, applied, brand, store), ctas,
                base + "/r/" + receipt.token());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Messages.Queued queued;
        try {
            queued = savepoint.execute(status -> messages.send(new Messages.Outgoing(receipt.tenantId(),
                    customer.profileId(), channel, Purpose.SERVICE, address, TEMPLATE, null, variables, key,
                    receipt.storeId(), ORIGIN)));
        } catch (ProblemException refused) {
            String reason = refused.errors().isEmpty() ? refused.getMessage()
                    : refused.errors().get(0).field() + " " + refused.errors().get(0).reason();
            repository.delivery(receipt.id(), ReceiptRepository.UNDELIVERABLE, truncate(reason), null);
            return new Sent(null, ReceiptRepository.UNDELIVERABLE, reason);
        }
        boolean marketing = ctas.stream().anyMatch(ReceiptContent.Offered::marketing);
        String status = queued.blocked() ? "blocked" : "queued";
        repository.insertMessage(queued.messageId(), receipt.id(), receipt.tenantId(), channel.value(), resend,
                marketing, status, truncate(queued.reason()), now);
        repository.delivery(receipt.id(), status, truncate(queued.reason()), queued.messageId());
        if (!queued.blocked()) {
            for (ReceiptContent.Offered cta : ctas) {
                repository.shown(receipt.id(), receipt.tenantId(), cta.cta(), true, false);
                repository.markShown(receipt.id(), cta.cta(), true, false);
            }
        }
        return new Sent(queued.messageId(), status, queued.reason());
    }

    /**
     * What the {@code receipt} template is given. Every name is always there (a part that does not apply is false),
     * since templates are strict about missing variables.
     */
    static Map<String, Object> variables(ReceiptContent.Content c, List<ReceiptContent.Offered> ctas,
                                         String receiptUrl) {
        Map<String, Object> v = new HashMap<>();
        v.put("storeName", c.storeName());
        v.put("storeCode", c.storeCode());
        v.put("date", c.date());
        v.put("transactionId", c.transactionId());
        v.put("lines", c.lines().stream().map(l -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("name", l.name());
            line.put("sku", l.sku());
            line.put("quantity", l.quantity());
            line.put("unitPrice", l.unitPrice());
            line.put("discount", l.discount() == null ? false : l.discount());
            line.put("amount", l.amount());
            return line;
        }).toList());
        v.put("subtotal", c.subtotal());
        v.put("discount", c.discount() == null ? false : c.discount());
        v.put("tax", c.tax());
        v.put("taxIncluded", c.taxIncluded());
        v.put("taxAdded", !c.taxIncluded());
        v.put("total", c.total());
        v.put("paymentMethod", c.paymentMethod() == null ? false : c.paymentMethod());
        v.put("receiptUrl", receiptUrl);
        v.put("footer", c.footer() == null ? false : c.footer());
        for (String name : Ctas.ALL) {
            v.put(name, false);
        }
        for (ReceiptContent.Offered cta : ctas) {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("url", cta.url());
            part.put("text", cta.text() == null ? "" : cta.text());
            v.put(cta.cta(), part);
        }
        v.put("offers", ctas.stream().anyMatch(ReceiptContent.Offered::marketing));
        return v;
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500);
    }
}

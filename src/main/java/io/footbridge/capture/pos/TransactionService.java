package io.footbridge.capture.pos;

import io.footbridge.capture.event.CaptureProperties;
import io.footbridge.capture.event.EventIngestion;
import io.footbridge.capture.event.ValidatedEvent;
import io.footbridge.capture.touchpoint.Touchpoint;
import io.footbridge.capture.touchpoint.TouchpointType;
import io.footbridge.capture.touchpoint.Touchpoints;
import io.footbridge.platform.Actor;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import io.footbridge.capture.product.Product;
import io.footbridge.capture.product.Products;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Records POS transactions once each: checks the arithmetic, ties refunds and voids to their sale, and appends the
 * matching capture event in the same transaction.
 */
@Service
class TransactionService {

    record Outcome(Transaction transaction, boolean created) {
    }

    /** A transaction that passed every check, with the store and touchpoint it is stored under. */
    record Checked(Transaction transaction, UUID storeId, UUID touchpointId, boolean online) {
    }

    /**
     * Stores, touchpoints and catalogue entries looked up once per request or import chunk.
     *
     * @param history true for imported history, which may be older than the API's lateness window
     */
    record Lookups(UUID tenantId, boolean history, Map<String, Optional<StoreRef>> stores,
                   Map<String, Optional<Touchpoint>> touchpoints, Map<String, Product> products) {

        static Lookups of(UUID tenantId, boolean history, Map<String, Product> products) {
            return new Lookups(tenantId, history, new HashMap<>(), new HashMap<>(), products);
        }
    }

    private final TransactionRepository repository;
    private final Stores stores;
    private final Touchpoints touchpoints;
    private final Products products;
    private final EventIngestion ingestion;
    private final CaptureProperties properties;
    private final JsonMapper json;
    private final TransactionTemplate transaction;

    TransactionService(TransactionRepository repository, Stores stores, Touchpoints touchpoints, Products products,
                       EventIngestion ingestion, CaptureProperties properties, JsonMapper json,
                       TransactionTemplate transaction) {
        this.repository = repository;
        this.stores = stores;
        this.touchpoints = touchpoints;
        this.products = products;
        this.ingestion = ingestion;
        this.properties = properties;
        this.json = json;
        this.transaction = transaction;
    }

    /** A retry of a known transactionId, even one racing the first copy, answers with the first transaction. */
    Outcome record(Actor actor, TransactionRequest request) {
        Optional<Transaction> existing = repository.find(actor.tenantId(), request.transactionId());
        if (existing.isPresent()) {
            return new Outcome(visible(actor, existing.get()), false);
        }
        Transaction created = transaction.execute(status -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Checked checked = check(actor, request, now, Lookups.of(actor.tenantId(), false,
                    products.find(actor.tenantId(), skus(request))));
            return persist(actor.tenantId(), "pos", now, List.of(checked))[0] ? checked.transaction() : null;
        });
        if (created == null) { // a copy racing this one was stored first
            return new Outcome(visible(actor, repository.find(actor.tenantId(), request.transactionId()).orElseThrow()),
                    false);
        }
        return new Outcome(created, true);
    }

    Transaction get(Actor actor, String transactionId) {
        return visible(actor, repository.find(actor.tenantId(), transactionId)
                .orElseThrow(() -> ProblemException.notFound("transaction", transactionId)));
    }

    /** A transaction of a store the caller does not work in is not theirs to see, not even as a retry's answer. */
    private Transaction visible(Actor actor, Transaction transaction) {
        stores.findByCode(actor.tenantId(), transaction.store()).ifPresent(store -> actor.requireStore(store.id()));
        return transaction;
    }

    /** The SKUs a request names, to look the catalogue up once. */
    static Set<String> skus(TransactionRequest request) {
        Set<String> skus = new HashSet<>();
        request.linesOrEmpty().forEach(line -> {
            if (line != null && line.sku() != null) {
                skus.add(line.sku());
            }
        });
        return skus;
    }

    /** The store a code names, as {@link #check} will see it. */
    Optional<StoreRef> store(Lookups lookups, String code) {
        return lookups.stores().computeIfAbsent(code, c -> stores.findByCode(lookups.tenantId(), c));
    }

    /**
     * Checks a transaction against the arithmetic, its store and touchpoint, and for refunds and voids the sale they
     * reverse (which must already be stored); lines without a name or category take the catalogue's.
     */
    Checked check(Actor actor, TransactionRequest request, Instant now, Lookups lookups) {
        List<FieldError> errors = new ArrayList<>();
        StoreRef store = store(lookups, request.store()).filter(s -> !s.archived())
                .orElseThrow(() -> ProblemException.invalid("store", "is not an active store of this tenant"));
        actor.requireStore(store.id());
        UUID touchpointId = touchpoint(actor, request, store, lookups, errors);
        String timeProblem = lookups.history() ? properties.futureProblem(request.occurredAt(), now)
                : properties.occurredAtProblem(request.occurredAt(), now);
        if (timeProblem != null) {
            errors.add(new FieldError("occurredAt", timeProblem));
        }

        List<Transaction.Line> lines = new ArrayList<>();
        long subtotal = 0;
        for (int i = 0; i < request.linesOrEmpty().size(); i++) {
            TransactionRequest.Line line = request.linesOrEmpty().get(i);
            try {
                long gross = Math.multiplyExact(line.quantity().longValue(), line.unitPrice());
                if (line.discountOrZero() > gross) {
                    errors.add(new FieldError("lines[" + i + "].discount", "is more than the line is worth (" + gross + ")"));
                }
                long amount = gross - line.discountOrZero();
                subtotal = Math.addExact(subtotal, amount);
                Product product = lookups.products().get(line.sku());
                lines.add(new Transaction.Line(i + 1, line.sku(),
                        line.name() != null || product == null ? line.name() : product.name(),
                        line.category() != null || product == null ? line.category() : product.category(),
                        line.quantity(), line.unitPrice(), line.discountOrZero(), amount));
            } catch (ArithmeticException overflow) {
                errors.add(new FieldError("lines[" + i + "]", "amount is too large"));
            }
        }
        long discount = request.discount() == null ? 0 : request.discount();
        long tax = request.tax() == null ? 0 : request.tax();
        boolean taxIncluded = request.taxIncluded() == null || request.taxIncluded();
        TransactionRequest.Kind kind = request.kindOrSale();

        switch (kind) {
            case SALE -> {
                if (lines.isEmpty() && errors.stream().noneMatch(e -> e.field().startsWith("lines"))) {
                    errors.add(new FieldError("lines", "a sale needs at least one line"));
                }
                if (request.originalTransactionId() != null) {
                    errors.add(new FieldError("originalTransactionId", "is only for refunds and voids"));
                }
                checkTotal(request, subtotal, discount, tax, taxIncluded, errors);
            }
            case REFUND -> {
                checkOriginal(actor, request, errors).ifPresent(original -> {
                    long left = original.total() - repository.reversedTotal(actor.tenantId(), request.originalTransactionId());
                    if (request.total() > left) {
                        errors.add(new FieldError("total", "is more than is left to refund on "
                                + request.originalTransactionId() + " (" + left + ")"));
                    }
                });
                if (!lines.isEmpty()) {
                    checkTotal(request, subtotal, discount, tax, taxIncluded, errors);
                } else {
                    subtotal = request.total();
                }
            }
            case VOID -> {
                checkOriginal(actor, request, errors).ifPresent(original -> {
                    if (repository.reversedTotal(actor.tenantId(), request.originalTransactionId()) > 0) {
                        errors.add(new FieldError("originalTransactionId", "was already refunded or voided"));
                    }
                    if (request.total() != original.total()) {
                        errors.add(new FieldError("total", "must be the voided sale's total (" + original.total() + ")"));
                    }
                });
                if (!lines.isEmpty()) {
                    errors.add(new FieldError("lines", "a void carries no lines"));
                }
                subtotal = request.total();
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        TransactionRequest.Customer customer = request.customer() == null || request.customer().isEmpty()
                ? null : request.customer();
        Transaction t = new Transaction(UUID.randomUUID(), request.transactionId(), kind,
                request.originalTransactionId(), store.code(), request.register(), request.staff(),
                request.occurredAt(), now, request.currency(), lines, subtotal, discount, tax, taxIncluded,
                request.total(), request.paymentMethod(), customer, request.receipt(), request.consents());
        // a sale through an online touchpoint (the web shop, an app) is an online purchase in conversion figures
        boolean online = touchpointId != null && lookups.touchpoints().get(request.touchpoint())
                .map(tp -> tp.type() == TouchpointType.WEB || tp.type() == TouchpointType.APP).orElse(false);
        return new Checked(t, store.id(), touchpointId, online);
    }

    boolean exists(UUID tenantId, String transactionId) {
        return repository.findOriginal(tenantId, transactionId).isPresent();
    }

    /**
     * Stores checked transactions and the capture events of the new ones, in the caller's database transaction;
     * answers which were new (the others were stored before, under the same transaction id).
     */
    boolean[] persist(UUID tenantId, String source, Instant receivedAt, List<Checked> checked) {
        if (checked.isEmpty()) {
            return new boolean[0];
        }
        boolean[] inserted = repository.insertAll(tenantId, source, checked);
        List<ValidatedEvent> events = new ArrayList<>(checked.size());
        for (int i = 0; i < inserted.length; i++) {
            if (inserted[i]) {
                Checked c = checked.get(i);
                events.add(captureEvent(c.transaction(), c.storeId(), c.touchpointId(), c.online()));
            }
        }
        ingestion.append(tenantId, source, receivedAt, events);
        return inserted;
    }

    private UUID touchpoint(Actor actor, TransactionRequest request, StoreRef store, Lookups lookups,
                            List<FieldError> errors) {
        if (request.touchpoint() == null) {
            return null;
        }
        Optional<Touchpoint> touchpoint = lookups.touchpoints()
                .computeIfAbsent(request.touchpoint(), code -> touchpoints.findByCode(actor.tenantId(), code))
                .filter(t -> t.archivedAt() == null);
        if (touchpoint.isEmpty()) {
            errors.add(new FieldError("touchpoint", "is not an active touchpoint of this tenant"));
            return null;
        }
        if (touchpoint.get().storeId() != null && !touchpoint.get().storeId().equals(store.id())) {
            errors.add(new FieldError("touchpoint", "belongs to store " + touchpoint.get().storeCode()));
            return null;
        }
        return touchpoint.get().id();
    }

    private static void checkTotal(TransactionRequest request, long subtotal, long discount, long tax,
                                   boolean taxIncluded, List<FieldError> errors) {
        long expected = subtotal - discount + (taxIncluded ? 0 : tax);
        if (request.total() != expected && errors.stream().noneMatch(e -> e.field().startsWith("lines"))) {
            errors.add(new FieldError("total", "does not add up: the lines give " + subtotal
                    + (discount > 0 ? ", less a discount of " + discount : "")
                    + (!taxIncluded && tax > 0 ? ", plus tax of " + tax : "") + ", so " + expected));
        }
    }

    private Optional<TransactionRepository.Original> checkOriginal(Actor actor, TransactionRequest request,
                                                                   List<FieldError> errors) {
        if (request.originalTransactionId() == null) {
            errors.add(new FieldError("originalTransactionId", "is required for a " + request.kindOrSale().value()));
            return Optional.empty();
        }
        Optional<TransactionRepository.Original> original =
                repository.findOriginal(actor.tenantId(), request.originalTransactionId());
        if (original.isEmpty() || original.get().kind() != TransactionRequest.Kind.SALE) {
            errors.add(new FieldError("originalTransactionId", "is not a sale of this tenant"));
            return Optional.empty();
        }
        // a till takes back only its own stores' sales; tenant-wide credentials may take one back in any store
        actor.requireStore(original.get().storeId());
        if (!original.get().currency().equals(request.currency())) {
            errors.add(new FieldError("currency", "must be the original sale's currency, "
                    + original.get().currency()));
        }
        return original;
    }

    private ValidatedEvent captureEvent(Transaction t, UUID storeId, UUID touchpointId, boolean online) {
        ObjectNode props = json.createObjectNode();
        props.put("transactionId", t.transactionId());
        props.put("total", t.total());
        props.put("currency", t.currency());
        if (t.originalTransactionId() != null) {
            props.put("originalTransactionId", t.originalTransactionId());
        }
        if (t.type() == TransactionRequest.Kind.SALE) {
            props.put("itemCount", t.lines().stream().mapToLong(Transaction.Line::quantity).sum());
            Set<String> categories = new LinkedHashSet<>();
            t.lines().forEach(line -> {
                if (line.category() != null) {
                    categories.add(line.category());
                }
            });
            var array = props.putArray("categories");
            categories.forEach(array::add);
        }
        if (online) {
            props.put("channel", "online");
        }
        if (t.register() != null) {
            props.put("register", t.register());
        }
        if (t.staff() != null) {
            props.put("staffId", t.staff()); // capture rate per staff member
        }
        if (t.paymentMethod() != null) {
            props.put("paymentMethod", t.paymentMethod());
        }
        if (t.receipt() != null) {
            props.put("receipt", t.receipt().value());
        }
        if (t.consents() != null && !t.consents().isEmpty()) {
            // the ticks travel with the sale so the consent ledger can take them, with the till as proof
            var consents = props.putArray("consents");
            t.consents().forEach(tick -> {
                var item = consents.addObject().put("channel", tick.channel().value())
                        .put("purpose", tick.purpose().value()).put("granted", tick.granted());
                if (tick.wordingVersion() != null) {
                    item.put("wordingVersion", tick.wordingVersion());
                }
            });
            var evidence = props.putObject("evidence");
            if (t.staff() != null) {
                evidence.put("staffId", t.staff());
            }
            if (t.register() != null) {
                evidence.put("register", t.register());
            }
        }
        String type = switch (t.type()) {
            case SALE -> "pos.purchase";
            case REFUND -> "pos.refund";
            case VOID -> "pos.void";
        };
        return new ValidatedEvent("pos:" + t.transactionId(), type, t.occurredAt(), storeId, touchpointId,
                t.customer() == null ? null : json.writeValueAsString(t.customer()), props.toString());
    }
}

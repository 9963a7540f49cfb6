package io.footbridge.capture.pos;

import io.footbridge.capture.Sales;
import io.footbridge.capture.product.Product;
import io.footbridge.capture.product.Products;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Sales with their refunds and voids, and the catalogue's product pages, for other modules. */
@Component
class SalesReader implements Sales {

    private final TransactionRepository repository;
    private final Stores stores;
    private final Products products;

    SalesReader(TransactionRepository repository, Stores stores, Products products) {
        this.repository = repository;
        this.stores = stores;
        this.products = products;
    }

    @Override
    public Optional<Sale> find(UUID tenantId, String transactionId) {
        Optional<Transaction> found = repository.find(tenantId, transactionId)
                .filter(t -> t.type() == TransactionRequest.Kind.SALE);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Transaction t = found.get();
        List<Transaction> reversals = repository.reversals(tenantId, transactionId).stream()
                .map(r -> withLines(r, repository.linesOf(r.id()))).toList();
        Set<String> skus = new HashSet<>();
        t.lines().forEach(line -> skus.add(line.sku()));
        reversals.forEach(r -> r.lines().forEach(line -> skus.add(line.sku())));
        Map<String, Product> catalogue = products.find(tenantId, skus);
        UUID storeId = stores.findByCode(tenantId, t.store()).map(StoreRef::id).orElse(null);
        TransactionRequest.Customer c = t.customer();
        return Optional.of(new Sale(tenantId, t.transactionId(), storeId, t.store(), t.register(), t.occurredAt(),
                t.currency(), lines(t.lines(), catalogue), t.subtotal(), t.discount(), t.tax(), t.taxIncluded(),
                t.total(), t.paymentMethod(), c == null ? null : new Customer(c.email(), c.phone(), c.loyaltyId()),
                t.receipt() == null ? null : t.receipt().value(),
                reversals.stream().map(r -> new Reversal(r.transactionId(), r.type().value(), r.occurredAt(),
                        r.total(), lines(r.lines(), catalogue))).toList()));
    }

    private static List<Line> lines(List<Transaction.Line> lines, Map<String, Product> catalogue) {
        return lines.stream().map(l -> {
            Product product = catalogue.get(l.sku());
            return new Line(l.lineNo(), l.sku(), l.name(), l.category(), l.quantity(), l.unitPrice(), l.discount(),
                    l.amount(), product == null || product.archivedAt() != null ? null : product.url());
        }).toList();
    }

    private static Transaction withLines(Transaction t, List<Transaction.Line> lines) {
        return new Transaction(t.id(), t.transactionId(), t.type(), t.originalTransactionId(), t.store(), t.register(),
                t.staff(), t.occurredAt(), t.receivedAt(), t.currency(), lines, t.subtotal(), t.discount(), t.tax(),
                t.taxIncluded(), t.total(), t.paymentMethod(), t.customer(), t.receipt(), t.consents());
    }
}

package io.footbridge.capture.pos;

import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

@Repository
class TransactionRepository {

    /** The fields of a transaction that refunds and voids check against. */
    record Original(UUID id, TransactionRequest.Kind kind, UUID storeId, String currency, long total) {
    }

    private static final TypeReference<List<TransactionRequest.ConsentTick>> CONSENTS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final JsonMapper json;
    private final Stores stores;

    TransactionRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate, JsonMapper json, Stores stores) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.json = json;
        this.stores = stores;
    }

    /**
     * Stores transactions and their lines with two batched statements; answers which were new. A transaction id
     * already stored (a retry, a re-import, a racing copy) is skipped by the unique key, never stored twice.
     */
    boolean[] insertAll(UUID tenantId, String source, List<TransactionService.Checked> checked) {
        List<Object[]> transactions = new ArrayList<>(checked.size());
        for (TransactionService.Checked c : checked) {
            Transaction t = c.transaction();
            transactions.add(new Object[]{t.id(), tenantId, t.transactionId(), t.type().value(),
                    t.originalTransactionId(), c.storeId(), c.touchpointId(), t.register(), t.staff(),
                    Timestamps.of(t.occurredAt()), Timestamps.of(t.receivedAt()), t.currency(), t.subtotal(),
                    t.discount(), t.tax(), t.taxIncluded(), t.total(), t.paymentMethod(),
                    t.customer() == null ? null : json.writeValueAsString(t.customer()),
                    t.receipt() == null ? null : t.receipt().value(),
                    t.consents() == null ? null : json.writeValueAsString(t.consents()), source});
        }
        int[] counts = jdbcTemplate.batchUpdate("""
                INSERT INTO pos_transaction (id, tenant_id, transaction_id, kind, original_transaction_id, store_id,
                       touchpoint_id, register_id, staff_id, occurred_at, received_at, currency, subtotal, discount,
                       tax, tax_included, total, payment_method, customer, receipt, consents, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING
                """, transactions);
        boolean[] inserted = new boolean[counts.length];
        List<Object[]> lines = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            inserted[i] = counts[i] != 0;
            if (inserted[i]) {
                Transaction t = checked.get(i).transaction();
                for (Transaction.Line line : t.lines()) {
                    lines.add(new Object[]{t.id(), line.lineNo(), tenantId, line.sku(), line.name(), line.category(),
                            line.quantity(), line.unitPrice(), line.discount(), line.amount()});
                }
            }
        }
        if (!lines.isEmpty()) {
            jdbcTemplate.batchUpdate("""
                    INSERT INTO pos_transaction_line (transaction_uuid, line_no, tenant_id, sku, name, category,
                                                      quantity, unit_price, discount, amount)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, lines);
        }
        return inserted;
    }

    Optional<Original> findOriginal(UUID tenantId, String transactionId) {
        return jdbc.sql("""
                        SELECT id, kind, store_id, currency, total FROM pos_transaction
                        WHERE tenant_id = :tenantId AND transaction_id = :transactionId
                        """)
                .param("tenantId", tenantId).param("transactionId", transactionId)
                .query((rs, n) -> new Original(rs.getObject("id", UUID.class),
                        TransactionRequest.Kind.valueOf(rs.getString("kind").toUpperCase(java.util.Locale.ROOT)),
                        rs.getObject("store_id", UUID.class), rs.getString("currency"), rs.getLong("total")))
                .optional();
    }

    /** What has been refunded or voided against a sale so far. */
    long reversedTotal(UUID tenantId, String originalTransactionId) {
        return jdbc.sql("""
                        SELECT COALESCE(SUM(total), 0) FROM pos_transaction
                        WHERE tenant_id = :tenantId AND original_transaction_id = :original
                        """)
                .param("tenantId", tenantId).param("original", originalTransactionId)
                .query(Long.class).single();
    }

    Optional<Transaction> find(UUID tenantId, String transactionId) {
        return jdbc.sql("""
                        SELECT t.id, t.tenant_id, t.transaction_id, t.kind, t.original_transaction_id, t.store_id,
                               t.register_id, t.staff_id, t.occurred_at, t.received_at, t.currency, t.subtotal,
                               t.discount, t.tax, t.tax_included, t.total, t.payment_method, t.customer, t.receipt,
                               t.consents
                        FROM pos_transaction t
                        WHERE t.tenant_id = :tenantId AND t.transaction_id = :transactionId
                        """)
                .param("tenantId", tenantId).param("transactionId", transactionId)
                .query(this::toTransaction).optional().map(Supplier::get)
                .map(t -> withLines(t, lines(t.id())));
    }

    /** The refunds and voids recorded against a sale, oldest first, without their lines. */
    List<Transaction> reversals(UUID tenantId, String originalTransactionId) {
        return jdbc.sql("""
                        SELECT t.id, t.tenant_id, t.transaction_id, t.kind, t.original_transaction_id, t.store_id,
                               t.register_id, t.staff_id, t.occurred_at, t.received_at, t.currency, t.subtotal,
                               t.discount, t.tax, t.tax_included, t.total, t.payment_method, t.customer, t.receipt,
                               t.consents
                        FROM pos_transaction t
                        WHERE t.tenant_id = :tenantId AND t.original_transaction_id = :original
                        ORDER BY t.occurred_at, t.transaction_id
                        """)
                .param("tenantId", tenantId).param("original", originalTransactionId)
                .query(this::toTransaction).list().stream().map(Supplier::get).toList();
    }

    /** A transaction's lines, for callers that read the transaction without them. */
    List<Transaction.Line> linesOf(UUID transactionUuid) {
        return lines(transactionUuid);
    }

    private List<Transaction.Line> lines(UUID transactionUuid) {
        return jdbc.sql("""
                        SELECT line_no, sku, name, category, quantity, unit_price, discount, amount
                        FROM pos_transaction_line WHERE transaction_uuid = :id ORDER BY line_no
                        """)
                .param("id", transactionUuid)
                .query((rs, n) -> new Transaction.Line(rs.getInt("line_no"), rs.getString("sku"), rs.getString("name"),
                        rs.getString("category"), rs.getInt("quantity"), rs.getLong("unit_price"),
                        rs.getLong("discount"), rs.getLong("amount")))
                .list();
    }

    /** Reads the row now and names its store later, so the store is not looked up while the rows stream. */
    private Supplier<Transaction> toTransaction(ResultSet rs, int row) throws SQLException {
        String customer = rs.getString("customer");
        String consents = rs.getString("consents");
        String receipt = rs.getString("receipt");
        UUID tenantId = rs.getObject("tenant_id", UUID.class);
        UUID storeId = rs.getObject("store_id", UUID.class);
        Transaction read = new Transaction(rs.getObject("id", UUID.class), rs.getString("transaction_id"),
                TransactionRequest.Kind.valueOf(rs.getString("kind").toUpperCase(java.util.Locale.ROOT)),
                rs.getString("original_transaction_id"), null, rs.getString("register_id"),
                rs.getString("staff_id"), Timestamps.instant(rs, "occurred_at"), Timestamps.instant(rs, "received_at"),
                rs.getString("currency"), List.of(), rs.getLong("subtotal"), rs.getLong("discount"), rs.getLong("tax"),
                rs.getBoolean("tax_included"), rs.getLong("total"), rs.getString("payment_method"),
                customer == null ? null : json.readValue(customer, TransactionRequest.Customer.class),
                receipt == null ? null
                        : TransactionRequest.ReceiptPreference.valueOf(receipt.toUpperCase(java.util.Locale.ROOT)),
                consents == null ? null : json.readValue(consents, CONSENTS));
        return () -> copy(read, stores.findById(tenantId, storeId).map(StoreRef::code).orElse(null), read.lines());
    }

    private static Transaction withLines(Transaction t, List<Transaction.Line> lines) {
        return copy(t, t.store(), lines);
    }

    private static Transaction copy(Transaction t, String store, List<Transaction.Line> lines) {
        return new Transaction(t.id(), t.transactionId(), t.type(), t.originalTransactionId(), store, t.register(),
                t.staff(), t.occurredAt(), t.receivedAt(), t.currency(), lines, t.subtotal(), t.discount(), t.tax(),
                t.taxIncluded(), t.total(), t.paymentMethod(), t.customer(), t.receipt(), t.consents());
    }
}

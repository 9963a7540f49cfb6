package io.footbridge.capture.pos;

import io.footbridge.capture.imports.CsvRow;
import io.footbridge.capture.imports.GroupOutcome;
import io.footbridge.capture.imports.ImportContext;
import io.footbridge.capture.imports.ImportHandler;
import io.footbridge.capture.imports.ImportKind;
import io.footbridge.capture.imports.RowError;
import io.footbridge.capture.product.Products;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Historical POS sales from CSV, one row per sale line: the rows of one sale are adjacent and share its
 * {@code transaction_id}; the sale's own columns are read from its first row. Each sale goes through the same checks
 * as {@code POST /api/v1/transactions}, except that it may be of any age.
 */
@Component
class TransactionImport implements ImportHandler {

    static final List<String> COLUMNS = List.of("transaction_id", "type", "original_transaction_id", "store",
            "touchpoint", "register", "staff", "occurred_at", "currency", "sku", "name", "category", "quantity",
            "unit_price", "line_discount", "discount", "tax", "tax_included", "total", "payment_method", "email",
            "phone", "loyalty_id", "receipt");
    private static final Set<String> REQUIRED = new LinkedHashSet<>(List.of("transaction_id", "store",
            "occurred_at", "currency", "sku", "quantity", "unit_price"));
    private static final Pattern LINE_PATH = Pattern.compile("lines\\[(\\d+)]\\.?(\\w*)");
    private static final Map<String, String> LINE_COLUMNS = Map.of("sku", "sku", "name", "name",
            "category", "category", "quantity", "quantity", "unitPrice", "unit_price", "discount", "line_discount");
    private static final Map<String, String> COLUMN_OF = Map.ofEntries(Map.entry("transactionId", "transaction_id"),
            Map.entry("originalTransactionId", "original_transaction_id"), Map.entry("occurredAt", "occurred_at"),
            Map.entry("taxIncluded", "tax_included"), Map.entry("paymentMethod", "payment_method"),
            Map.entry("customer.email", "email"), Map.entry("customer.phone", "phone"),
            Map.entry("customer.loyaltyId", "loyalty_id"));

    private final TransactionService transactions;
    private final Products products;
    private final Validator validator;

    TransactionImport(TransactionService transactions, Products products, Validator validator) {
        this.transactions = transactions;
        this.products = products;
        this.validator = validator;
    }

    @Override
    public ImportKind kind() {
        return ImportKind.TRANSACTIONS;
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public Set<String> requiredColumns() {
        return REQUIRED;
    }

    @Override
    public String groupKey(CsvRow row) {
        return row.text("transaction_id");
    }

    @Override
    public List<GroupOutcome> importChunk(ImportContext context, List<List<CsvRow>> groups) {
        var tenantId = context.actor().tenantId();
        Set<String> skus = new HashSet<>();
        for (List<CsvRow> group : groups) {
            group.forEach(row -> {
                if (row.text("sku") != null) {
                    skus.add(row.text("sku"));
                }
            });
        }
        Set<String> seen = new HashSet<>();
        var lookups = TransactionService.Lookups.of(tenantId, true, products.find(tenantId, skus));
        List<TransactionService.Checked> pending = new ArrayList<>();
        List<Integer> pendingOutcome = new ArrayList<>();
        List<GroupOutcome> outcomes = new ArrayList<>(groups.size());
        for (List<CsvRow> group : groups) {
            List<RowError> errors = new ArrayList<>();
            TransactionRequest request = read(group, lookups, context, errors);
            if (!errors.isEmpty()) {
                outcomes.add(GroupOutcome.rejected(errors));
                continue;
            }
            if (!seen.add(request.transactionId())) {
                outcomes.add(GroupOutcome.DUPLICATE);
                continue;
            }
            if (request.kindOrSale() != TransactionRequest.Kind.SALE) {
                // a refund checks against the stored sale and what was already refunded, itself included when
                // it was imported before
                persist(context, pending, pendingOutcome, outcomes);
                if (transactions.exists(tenantId, request.transactionId())) {
                    outcomes.add(GroupOutcome.DUPLICATE);
                    continue;
                }
            }
            try {
                pending.add(transactions.check(context.actor(), request, context.now(), lookups));
                pendingOutcome.add(outcomes.size());
                outcomes.add(GroupOutcome.IMPORTED);
            } catch (ProblemException invalid) {
                seen.remove(request.transactionId());
                List<FieldError> fieldErrors = invalid.errors().isEmpty()
                        ? List.of(new FieldError("store", invalid.getMessage())) : invalid.errors();
                outcomes.add(GroupOutcome.rejected(fieldErrors.stream().map(e -> rowError(group, e)).toList()));
            }
        }
        persist(context, pending, pendingOutcome, outcomes);
        return outcomes;
    }

    /** Stores what is pending; a sale stored before, by an earlier import or the API, is a duplicate. */
    private void persist(ImportContext context, List<TransactionService.Checked> pending,
                         List<Integer> pendingOutcome, List<GroupOutcome> outcomes) {
        // received now, as this chunk commits: readers of the log judge late commits by this time
        boolean[] inserted = transactions.persist(context.actor().tenantId(), "import",
                java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS), pending);
        for (int i = 0; i < inserted.length; i++) {
            if (!inserted[i]) {
                outcomes.set(pendingOutcome.get(i), GroupOutcome.DUPLICATE);
            }
        }
        pending.clear();
        pendingOutcome.clear();
    }

    private TransactionRequest read(List<CsvRow> group, TransactionService.Lookups lookups, ImportContext context,
                                    List<RowError> errors) {
        CsvRow first = group.get(0);
        String currency = first.text("currency");
        String storeCode = first.text("store");
        ZoneId zone = context.options().zoneOr(storeCode == null ? ZoneOffset.UTC
                : transactions.store(lookups, storeCode).map(StoreRef::timeZone).orElse(ZoneOffset.UTC));
        List<TransactionRequest.Line> lines = new ArrayList<>();
        for (CsvRow row : group) {
            if (row.text("sku") == null && row.text("quantity") == null && row.text("unit_price") == null) {
                continue; // a refund or void without lines
            }
            lines.add(new TransactionRequest.Line(row.text("sku"), row.text("name"), row.text("category"),
                    row.integer("quantity", errors), row.amount("unit_price", currency, errors),
                    row.amount("line_discount", currency, errors)));
        }
        TransactionRequest.Kind type = choice(first, "type", TransactionRequest.Kind.class, errors);
        TransactionRequest.ReceiptPreference receipt = choice(first, "receipt",
                TransactionRequest.ReceiptPreference.class, errors);
        Boolean taxIncluded = first.bool("tax_included", errors);
        Long discount = first.amount("discount", currency, errors);
        Long tax = first.amount("tax", currency, errors);
        Long total = first.amount("total", currency, errors);
        if (total == null && first.text("total") == null) {
            total = computedTotal(lines, discount, tax, taxIncluded);
        }
        var customer = new TransactionRequest.Customer(first.text("email"), first.text("phone"),
                first.text("loyalty_id"));
        TransactionRequest request = new TransactionRequest(first.text("transaction_id"), type,
                first.text("original_transaction_id"), storeCode, first.text("touchpoint"), first.text("register"),
                first.text("staff"), first.time("occurred_at", zone, errors), currency, lines, discount, tax,
                taxIncluded, total, first.text("payment_method"), customer, receipt, null);
        if (errors.isEmpty()) {
            for (ConstraintViolation<TransactionRequest> violation : validator.validate(request)) {
                errors.add(rowError(group, new FieldError(violation.getPropertyPath().toString(),
                        violation.getMessage())));
            }
        }
        return request;
    }

    /** A sale without a total column is worth its lines; the API's arithmetic check then has nothing to catch. */
    private static Long computedTotal(List<TransactionRequest.Line> lines, Long discount, Long tax,
                                      Boolean taxIncluded) {
        long sum = 0;
        for (TransactionRequest.Line line : lines) {
            if (line.quantity() == null || line.unitPrice() == null) {
                return null;
            }
            sum += line.quantity() * line.unitPrice() - line.discountOrZero();
        }
        return sum - (discount == null ? 0 : discount)
                + (Boolean.FALSE.equals(taxIncluded) && tax != null ? tax : 0);
    }

    private static <E extends Enum<E>> E choice(CsvRow row, String column, Class<E> type, List<RowError> errors) {
        String value = row.text(column);
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                allowed.add(constant.name().toLowerCase(Locale.ROOT));
            }
            errors.add(row.error(column, "must be one of " + String.join(", ", allowed)));
            return null;
        }
    }

    /** Points an error of the request at the row and column it came from: {@code lines[2].quantity} → row 3. */
    private static RowError rowError(List<CsvRow> group, FieldError error) {
        Matcher line = LINE_PATH.matcher(error.field());
        if (line.matches()) {
            int index = Integer.parseInt(line.group(1));
            List<CsvRow> withLines = group.stream().filter(r -> r.text("sku") != null || r.text("quantity") != null
                    || r.text("unit_price") != null).toList();
            CsvRow row = index < withLines.size() ? withLines.get(index) : group.get(0);
            String column = LINE_COLUMNS.getOrDefault(line.group(2), "[row]");
            return row.error(column, error.reason());
        }
        String column = COLUMN_OF.getOrDefault(error.field(), error.field());
        return group.get(0).error(column, error.reason());
    }
}

package io.footbridge.capture.product;

import io.footbridge.capture.imports.CsvRow;
import io.footbridge.capture.imports.GroupOutcome;
import io.footbridge.capture.imports.ImportContext;
import io.footbridge.capture.imports.ImportHandler;
import io.footbridge.capture.imports.ImportKind;
import io.footbridge.capture.imports.RowError;
import io.footbridge.platform.FieldError;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The catalogue from CSV, one product per row; a known SKU is replaced, so a re-import brings it up to date. */
@Component
class ProductImport implements ImportHandler {

    private static final List<String> COLUMNS = List.of("sku", "name", "category", "price", "currency", "url");
    private static final Set<String> REQUIRED = new LinkedHashSet<>(List.of("sku", "name"));

    private final ProductRepository repository;
    private final Validator validator;

    ProductImport(ProductRepository repository, Validator validator) {
        this.repository = repository;
        this.validator = validator;
    }

    @Override
    public ImportKind kind() {
        return ImportKind.PRODUCTS;
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
    public List<GroupOutcome> importChunk(ImportContext context, List<List<CsvRow>> groups) {
        List<GroupOutcome> outcomes = new ArrayList<>(groups.size());
        var now = io.footbridge.platform.Timestamps.of(context.now());
        for (List<CsvRow> group : groups) {
            CsvRow row = group.get(0);
            List<RowError> errors = new ArrayList<>();
            String sku = row.required("sku", 64, errors);
            String currency = row.text("currency");
            ProductRequest request = new ProductRequest(row.text("name"), row.text("category"),
                    row.amount("price", currency, errors), currency, row.text("url"));
            if (errors.isEmpty()) {
                for (ConstraintViolation<ProductRequest> violation : validator.validate(request)) {
                    errors.add(row.error(violation.getPropertyPath().toString(), violation.getMessage()));
                }
                for (FieldError problem : Products.problems(sku, request)) {
                    errors.add(row.error(problem.field(), problem.reason()));
                }
            }
            if (!errors.isEmpty()) {
                outcomes.add(GroupOutcome.rejected(errors));
                continue;
            }
            if (repository.update(context.actor().tenantId(), sku, request, now) == 0) {
                repository.insert(context.actor().tenantId(), sku, request, now);
            }
            outcomes.add(GroupOutcome.IMPORTED);
        }
        return outcomes;
    }
}

package io.footbridge.capture.pos;

import io.footbridge.capture.Backfill;
import io.footbridge.capture.event.EventIngestion;
import io.footbridge.capture.event.ItemResult;
import io.footbridge.capture.product.ProductRequest;
import io.footbridge.capture.product.Products;
import io.footbridge.capture.touchpoint.JourneyStage;
import io.footbridge.capture.touchpoint.TouchpointType;
import io.footbridge.capture.touchpoint.Touchpoints;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@link Backfill} on the services the API and the imports use. */
@Component
class BulkWriter implements Backfill {

    private final EventIngestion ingestion;
    private final TransactionService transactions;
    private final Products products;
    private final Touchpoints touchpoints;
    private final Validator validator;
    private final JsonMapper json;
    private final TransactionTemplate transaction;

    BulkWriter(EventIngestion ingestion, TransactionService transactions, Products products, Touchpoints touchpoints,
               Validator validator, JsonMapper json, TransactionTemplate transaction) {
        this.ingestion = ingestion;
        this.transactions = transactions;
        this.products = products;
        this.touchpoints = touchpoints;
        this.validator = validator;
        this.json = json;
        this.transaction = transaction;
    }

    @Override
    public Outcome events(Actor actor, String source, List<JsonNode> events) {
        int accepted = 0;
        int duplicates = 0;
        List<String> rejections = new ArrayList<>();
        for (ItemResult result : ingestion.ingest(actor, source, events, null, true)) {
            switch (result.status()) {
                case ACCEPTED -> accepted++;
                case DUPLICATE -> duplicates++;
                default -> rejections.add(result.eventId() + ": " + result.errors());
            }
        }
        return new Outcome(accepted, duplicates, rejections);
    }

    @Override
    public Outcome sales(Actor actor, String source, List<JsonNode> sales) {
        List<String> rejections = new ArrayList<>();
        List<TransactionRequest> requests = new ArrayList<>(sales.size());
        Set<String> skus = new HashSet<>();
        for (JsonNode sale : sales) {
            try {
                TransactionRequest request = json.treeToValue(sale, TransactionRequest.class);
                Set<ConstraintViolation<TransactionRequest>> violations = validator.validate(request);
                if (violations.isEmpty()) {
                    requests.add(request);
                    skus.addAll(TransactionService.skus(request));
                } else {
                    rejections.add(sale.path("transactionId").asString("") + ": " + violations.stream()
                            .map(v -> v.getPropertyPath() + " " + v.getMessage()).toList());
                }
            } catch (JacksonException unreadable) {
                rejections.add(sale.path("transactionId").asString("") + ": " + unreadable.getOriginalMessage());
            }
        }
        int[] counts = transaction.execute(status -> {
            int[] stored = new int[2];
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            var lookups = TransactionService.Lookups.of(actor.tenantId(), true, products.find(actor.tenantId(), skus));
            List<TransactionService.Checked> checked = new ArrayList<>(requests.size());
            for (TransactionRequest request : requests) {
                // a refund must see its sale: persist what came before it in this batch first
                if (request.kindOrSale() != TransactionRequest.Kind.SALE && !checked.isEmpty()) {
                    flush(actor, source, now, checked, stored);
                }
                try {
                    checked.add(transactions.check(actor, request, now, lookups));
                } catch (ProblemException invalid) {
                    rejections.add(request.transactionId() + ": " + invalid.errors());
                }
            }
            flush(actor, source, now, checked, stored);
            return stored;
        });
        return new Outcome(counts[0], counts[1], rejections);
    }

    private void flush(Actor actor, String source, Instant now, List<TransactionService.Checked> checked, int[] counts) {
        for (boolean b : transactions.persist(actor.tenantId(), source, now, checked)) {
            counts[b ? 0 : 1]++;
        }
        checked.clear();
    }

    @Override
    public void product(Actor actor, String sku, String name, String category, long price, String currency) {
        products.put(actor, sku, new ProductRequest(name, category, price, currency, null), false);
    }

    @Override
    public void touchpoint(Actor actor, String code, String type, String storeCode, String label, String stage) {
        touchpoints.register(actor, code, TouchpointType.valueOf(type.toUpperCase(Locale.ROOT)), storeCode, label,
                JourneyStage.valueOf(stage.toUpperCase(Locale.ROOT)));
    }
}

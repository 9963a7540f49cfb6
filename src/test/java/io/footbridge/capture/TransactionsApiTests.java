package io.footbridge.capture;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionsApiTests extends ApiTest {

    private TestTenant tenant;
    private ApiClient till;

    @BeforeEach
    void tenant() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        till = anonymous.bearer(tenant.createKey("till", "BER-1", "pos", "events:read"));
    }

    private static Map<String, Object> sale(String transactionId) {
        Map<String, Object> sale = new HashMap<>();
        sale.put("transactionId", transactionId);
        sale.put("store", "BER-1");
        sale.put("register", "R1");
        sale.put("occurredAt", Instant.now().minusSeconds(30).toString());
        sale.put("currency", "EUR");
        sale.put("lines", List.of(
                Map.of("sku", "SKU-1", "name", "Shampoo", "category", "hair", "quantity", 2, "unitPrice", 499),
                Map.of("sku", "SKU-2", "name", "Brush", "category", "tools", "quantity", 1, "unitPrice", 1299,
                        "discount", 300)));
        sale.put("tax", 304);
        sale.put("total", 1997);
        sale.put("paymentMethod", "card");
        sale.put("customer", Map.of("phone", "030 1234567", "email", "jane@example.com"));
        sale.put("receipt", "email");
        sale.put("consents", List.of(Map.of("channel", "email", "purpose", "marketing", "granted", true,
                "wordingVersion", "till-2026-01")));
        return sale;
    }

    @Test
    void aSaleIsRecordedOnceAndARetryGetsTheFirstAnswer() {
        String id = "T-" + UUID.randomUUID();
        var first = till.post("/api/v1/transactions", sale(id));
        var changedRetry = sale(id);
        changedRetry.put("total", 1);
        var retry = till.post("/api/v1/transactions", changedRetry);

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.json().get("subtotal").asLong()).isEqualTo(1997);
        assertThat(first.json().get("lines").get(1).get("amount").asLong()).isEqualTo(999);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("total").asLong()).isEqualTo(1997);
        assertThat(retry.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        assertThat(till.get("/api/v1/transactions/" + id).json().get("customer").get("phone").asString())
                .isEqualTo("030 1234567");

        JsonNode purchase = till.get("/api/v1/events?type=pos.purchase").json().get("items").get(0);
        assertThat(purchase.get("eventId").asString()).isEqualTo("pos:" + id);
        assertThat(purchase.get("identifiersJson").asString()).contains("030 1234567");
        assertThat(purchase.get("propertiesJson").asString()).contains("\"itemCount\":3", "hair", "tools");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"T 1", "T\"2", "T<3>", "T%4", "T{5}|^`", "Kassé 6"})
    void aTransactionIdThatAUriCannotHoldAsIsIsStoredAndLocatedEncoded(String prefix) {
        String id = prefix + "-" + UUID.randomUUID();

        var first = till.post("/api/v1/transactions", sale(id));
        var retry = till.post("/api/v1/transactions", sale(id));

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        String location = first.header("Location");
        assertThat(location).isEqualTo("/api/v1/transactions/" + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8));
        assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
        assertThat(retry.header("Location")).isEqualTo(location);
        if (!id.contains("%")) {
            // an encoded '%' (like an encoded '/') is refused in paths by the firewall: such a sale is read by listing
            assertThat(till.get(location).json().get("transactionId").asString()).isEqualTo(id);
        }
    }

    @Test
    void concurrentCopiesOfASaleAreRecordedOnce() throws Exception {
        String id = "T-" + UUID.randomUUID();
        var statuses = concurrently(8, () -> till.post("/api/v1/transactions", sale(id)).status());

        assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM pos_transaction WHERE tenant_id = :t AND transaction_id = :id")
                .param("t", tenant.id()).param("id", id).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM capture_event WHERE tenant_id = :t AND event_id = :id")
                .param("t", tenant.id()).param("id", "pos:" + id).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void totalsMustAddUp() {
        var sale = sale("T-" + UUID.randomUUID());
        sale.put("total", 2000);

        var response = till.post("/api/v1/transactions", sale);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorFields()).containsExactly("total");
        assertThat(response.json().get("errors").get(0).get("reason").asString()).contains("1997");
    }

    @Test
    void taxAddedOnTopIsPartOfTheTotal() {
        var sale = sale("T-" + UUID.randomUUID());
        sale.put("taxIncluded", false);
        sale.put("total", 1997 + 304);

        assertThat(till.post("/api/v1/transactions", sale).status()).isEqualTo(201);
    }

    @Test
    void badLinesAreNamed() {
        var sale = sale("T-" + UUID.randomUUID());
        sale.put("lines", List.of(Map.of("sku", "A", "quantity", -2, "unitPrice", 100),
                Map.of("sku", "", "quantity", 1, "unitPrice", -5)));

        var response = till.post("/api/v1/transactions", sale);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorFields()).contains("lines[0].quantity", "lines[1].sku", "lines[1].unitPrice");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM pos_transaction WHERE tenant_id = :t")
                .param("t", tenant.id()).query(Long.class).single()).isZero();
    }

    @Test
    void aLineDiscountCannotExceedTheLine() {
        var sale = sale("T-" + UUID.randomUUID());
        sale.put("lines", List.of(Map.of("sku", "A", "quantity", 1, "unitPrice", 100, "discount", 150)));
        sale.put("total", 0);

        assertThat(till.post("/api/v1/transactions", sale).errorFields()).contains("lines[0].discount");
    }

    @Test
    void refundsAndVoidsReferenceTheirSale() {
        String saleId = "T-" + UUID.randomUUID();
        till.post("/api/v1/transactions", sale(saleId));

        var unknown = reversal("refund", "R-" + UUID.randomUUID(), "NO-SUCH-SALE", 100);
        var tooMuch = reversal("refund", "R-" + UUID.randomUUID(), saleId, 5000);
        var partial = reversal("refund", "R-" + UUID.randomUUID(), saleId, 998);
        var rest = reversal("refund", "R-" + UUID.randomUUID(), saleId, 1000);
        var voidAfterRefund = reversal("void", "V-" + UUID.randomUUID(), saleId, 1997);

        assertThat(till.post("/api/v1/transactions", unknown).errorFields()).containsExactly("originalTransactionId");
        assertThat(till.post("/api/v1/transactions", tooMuch).errorFields()).containsExactly("total");
        assertThat(till.post("/api/v1/transactions", partial).status()).isEqualTo(201);
        assertThat(till.post("/api/v1/transactions", rest).errorFields()).containsExactly("total");
        assertThat(till.post("/api/v1/transactions", voidAfterRefund).errorFields())
                .containsExactly("originalTransactionId");
        assertThat(till.get("/api/v1/events?type=pos.refund").json().get("items")).hasSize(1);
    }

    @Test
    void aSaleCanBeVoidedOnce() {
        String saleId = "T-" + UUID.randomUUID();
        till.post("/api/v1/transactions", sale(saleId));

        var wrongTotal = till.post("/api/v1/transactions", reversal("void", "V-" + UUID.randomUUID(), saleId, 5));
        var voided = till.post("/api/v1/transactions", reversal("void", "V-" + UUID.randomUUID(), saleId, 1997));
        var twice = till.post("/api/v1/transactions", reversal("void", "V-" + UUID.randomUUID(), saleId, 1997));

        assertThat(wrongTotal.errorFields()).containsExactly("total");
        assertThat(voided.status()).isEqualTo(201);
        assertThat(twice.errorFields()).containsExactly("originalTransactionId");
    }

    private static Map<String, Object> reversal(String type, String id, String original, long total) {
        Map<String, Object> body = new HashMap<>();
        body.put("transactionId", id);
        body.put("type", type);
        body.put("originalTransactionId", original);
        body.put("store", "BER-1");
        body.put("occurredAt", Instant.now().toString());
        body.put("currency", "EUR");
        body.put("total", total);
        return body;
    }

    @Test
    void aTillCannotRecordSalesOfAnotherStore() {
        tenant.createStore("HAM-1");
        var sale = sale("T-" + UUID.randomUUID());
        sale.put("store", "HAM-1");

        assertThat(till.post("/api/v1/transactions", sale).status()).isEqualTo(403);
    }

    @Test
    void aTillCannotVoidRefundOrReadASaleOfAnotherStore() {
        tenant.createStore("HAM-1");
        String hamburgSale = "T-" + UUID.randomUUID();
        var sale = sale(hamburgSale);
        sale.put("store", "HAM-1");
        assertThat(tenant.admin().post("/api/v1/transactions", sale).status()).isEqualTo(201);

        var voided = till.post("/api/v1/transactions", reversal("void", "V-" + UUID.randomUUID(), hamburgSale, 1997));
        var refunded = till.post("/api/v1/transactions", reversal("refund", "R-" + UUID.randomUUID(), hamburgSale, 100));
        var replayed = till.post("/api/v1/transactions", sale(hamburgSale));

        assertThat(voided.status()).as(voided.toString()).isEqualTo(403);
        assertThat(refunded.status()).as(refunded.toString()).isEqualTo(403);
        assertThat(replayed.status()).as("a retry of another store's id answers nothing of it").isEqualTo(403);
        assertThat(replayed.raw().body()).doesNotContain("jane@example.com");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM pos_transaction WHERE tenant_id = :t AND original_transaction_id = :id")
                .param("t", tenant.id()).param("id", hamburgSale).query(Long.class).single()).isZero();
        // the head office may still take a sale back anywhere
        assertThat(tenant.admin().post("/api/v1/transactions",
                reversal("refund", "R-" + UUID.randomUUID(), hamburgSale, 100)).status()).isEqualTo(201);
    }

    @Test
    void unknownStoreAndEnumValuesAreNamed() {
        var sale = sale("T-" + UUID.randomUUID());
        sale.put("store", "NOPE");
        var receipt = sale("T-" + UUID.randomUUID());
        receipt.put("receipt", "pigeon");
        var admin = tenant.admin();

        assertThat(admin.post("/api/v1/transactions", sale).errorFields()).containsExactly("store");
        assertThat(admin.post("/api/v1/transactions", receipt).errorFields()).containsExactly("receipt");
        assertThat(anonymous.bearer(tenant.createKey("events", null, "events:write"))
                .post("/api/v1/transactions", sale(UUID.randomUUID().toString())).status()).isEqualTo(403);
    }

    @Test
    void touchpointsAreRegisteredPerStore() {
        var online = tenant.admin().post("/api/v1/touchpoints", Map.of("code", "web-shop", "type", "web",
                "label", "Online shop", "stage", "pre_purchase"));
        var register = tenant.admin().post("/api/v1/touchpoints", Map.of("code", "ber-r1", "type", "pos_register",
                "store", "BER-1", "label", "Register 1", "stage", "purchase"));
        var duplicate = tenant.admin().post("/api/v1/touchpoints", Map.of("code", "ber-r1", "type", "kiosk",
                "store", "BER-1", "label", "Again", "stage", "in_store"));
        var badStage = tenant.admin().post("/api/v1/touchpoints", Map.of("code", "x", "type", "kiosk",
                "label", "X", "stage", "checkout"));
        var manager = tenant.createUser("store_manager", "BER-1");
        var managerOnline = manager.post("/api/v1/touchpoints", Map.of("code", "app", "type", "app",
                "label", "App", "stage", "post_purchase"));

        assertThat(online.status()).isEqualTo(201);
        assertThat(register.json().get("storeCode").asString()).isEqualTo("BER-1");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(badStage.errorFields()).containsExactly("stage");
        assertThat(managerOnline.status()).isEqualTo(403);
        assertThat(tenant.admin().get("/api/v1/touchpoints?store=BER-1").json().get("items")).hasSize(1);

        var sale = sale("T-" + UUID.randomUUID());
        sale.put("touchpoint", "ber-r1");
        assertThat(till.post("/api/v1/transactions", sale).status()).isEqualTo(201);
    }
}

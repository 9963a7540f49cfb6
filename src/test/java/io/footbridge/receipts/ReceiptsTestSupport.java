package io.footbridge.receipts;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shop set up the way a business would, through the API: a store in Berlin, a till, a marketer, a catalogue, and
 * sales rung up at the till. Shared by the receipts and feedback tests.
 */
public abstract class ReceiptsTestSupport extends ApiTest {


    protected TestTenant tenant;
    protected ApiClient marketer;
    protected ApiClient till;
    protected String domain;

    /** A tenant with store BER-1 (Berlin, EUR), a till key bound to it, a marketer and two catalogue products. */
    protected void shop() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        marketer = tenant.createUser("marketer");
        till = anonymous.bearer(tenant.createKey("till", "BER-1", "pos"));
        domain = "r" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        var shampoo = marketer.put("/api/v1/products/SKU-1", Map.of("name", "Shampoo", "category", "hair",
                "price", 499, "currency", "EUR", "url", "https://shop.example.com/p/shampoo"));
        assertThat(shampoo.status()).as(shampoo.toString()).isIn(200, 201);
        marketer.put("/api/v1/products/SKU-2", Map.of("name", "Brush", "category", "tools", "price", 1299,
                "currency", "EUR"));
    }

    /** 2 × Shampoo at 4.99 and a Brush at 12.99 less 3.00, tax 3.04 included: 19.97. */
    protected static Map<String, Object> sale(String transactionId, Map<String, String> customer, String receipt,
                                              boolean marketingGranted) {
        Map<String, Object> sale = new HashMap<>();
        sale.put("transactionId", transactionId);
        sale.put("store", "BER-1");
        sale.put("register", "R1");
        sale.put("occurredAt", Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.SECONDS).toString());
        sale.put("currency", "EUR");
        sale.put("lines", List.of(
                Map.of("sku", "SKU-1", "quantity", 2, "unitPrice", 499),
                Map.of("sku", "SKU-2", "quantity", 1, "unitPrice", 1299, "discount", 300)));
        sale.put("tax", 304);
        sale.put("total", 1997);
        sale.put("paymentMethod", "card");
        sale.put("customer", customer);
        sale.put("receipt", receipt);
        if (marketingGranted) {
            String channel = receipt.equals("email") ? "email" : receipt;
            sale.put("consents", List.of(Map.of("channel", channel, "purpose", "marketing", "granted", true,
                    "wordingVersion", "till-2026-01")));
        }
        return sale;
    }

    protected String ring(Map<String, Object> sale) {
        var response = till.post("/api/v1/transactions", sale);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return (String) sale.get("transactionId");
    }

    protected static String tx() {
        return "T-" + UUID.randomUUID();
    }

    /** The receipt of a sale, once the receipts feed has made it. */
    protected JsonNode awaitReceipt(String transactionId, Predicate<JsonNode> until) {
        long deadline = System.currentTimeMillis() + 20_000;
        JsonNode found = null;
        while (System.currentTimeMillis() < deadline) {
            UUID id = jdbc.sql("SELECT id FROM receipt WHERE tenant_id = :t AND transaction_id = :tx")
                    .param("t", tenant.id()).param("tx", transactionId).query(UUID.class).optional().orElse(null);
            if (id != null) {
                found = tenant.admin().get("/api/v1/receipts/" + id).json();
                if (until.test(found)) {
                    return found;
                }
            }
            sleep(50);
        }
        throw new AssertionError("no receipt for " + transactionId + " as expected: " + found);
    }

    protected ApiClient.Response open(String url) {
        return open(url, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)");
    }

    protected ApiClient.Response open(String url, String userAgent) {
        return anonymous.send(HttpRequest.newBuilder(URI.create(url)).header("User-Agent", userAgent).GET());
    }

    /** Follows one redirect and answers where it points. */
    protected String follow(String url) {
        var response = open(url);
        assertThat(response.status()).as(response.toString()).isIn(302, 303);
        return response.header("Location");
    }

    protected static MimeMessage awaitMail(String to) throws Exception {
        return awaitMail(to, java.time.Duration.ofSeconds(20));
    }

    protected static String html(MimeMessage mail) throws Exception {
        return mailPart(mail, "text/html");
    }

    /** The links a message carries, as written in the template (before the click-counting redirect). */
    protected List<String> messageLinks(String messageId) {
        JsonNode message = tenant.admin().get("/api/v1/messages/" + messageId).json();
        List<String> links = new ArrayList<>();
        message.path("links").forEach(l -> links.add(l.path("url").asString()));
        return links;
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

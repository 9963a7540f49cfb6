package io.footbridge.offers;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Offers, codes and tills for the offers tests, set up through the API as a marketer and a POS would. */
abstract class OffersTestSupport extends ApiTest {

    static Map<String, Object> offer(String type) {
        Map<String, Object> offer = new HashMap<>();
        offer.put("name", "Spring " + type);
        offer.put("type", type);
        switch (type) {
            case "percent" -> offer.put("percent", 10);
            case "amount" -> offer.put("amount", 500);
            default -> offer.put("freeSku", "ESPRESSO");
        }
        offer.put("currency", "EUR");
        offer.put("validFrom", Instant.now().minus(1, ChronoUnit.DAYS).toString());
        offer.put("validUntil", Instant.now().plus(30, ChronoUnit.DAYS).toString());
        return offer;
    }

    static String createOffer(ApiClient marketer, Map<String, Object> body) {
        var response = marketer.post("/api/v1/offers", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    static List<String> generate(ApiClient marketer, String offerId, int count) {
        var response = marketer.post("/api/v1/offers/" + offerId + "/codes", Map.of("count", count));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        List<String> codes = new ArrayList<>();
        response.json().get("codes").forEach(c -> codes.add(c.get("code").asString()));
        return codes;
    }

    static Map<String, Object> basket(long total) {
        return new HashMap<>(Map.of("total", total, "currency", "EUR"));
    }

    static Map<String, Object> pos(String code, String transactionId, Map<String, Object> basket) {
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        if (transactionId != null) {
            body.put("transactionId", transactionId);
        }
        body.put("basket", basket);
        return body;
    }

    static ApiClient.Response redeem(ApiClient till, String code, String transactionId, long total) {
        return till.post("/api/v1/coupons/redeem", pos(code, transactionId, basket(total)));
    }

    static String tx() {
        return "T-" + UUID.randomUUID();
    }

    static String type(ApiClient.Response response) {
        String type = response.json().path("type").asString();
        return type.substring(type.lastIndexOf('/') + 1);
    }

    /** A person the identity graph knows, made the way it learns of anyone: a captured event with their email. */
    String profileOf(TestTenant tenant, String email) {
        var event = tenant.admin().post("/api/v1/events", Map.of("eventId", UUID.randomUUID().toString(),
                "type", "loyalty.signup", "occurredAt", Instant.now().minusSeconds(5).toString(),
                "identifiers", Map.of("email", email), "properties", Map.of()));
        assertThat(event.status()).as(event.toString()).isEqualTo(201);
        awaitResolved(tenant.id());
        JsonNode found = tenant.admin().get("/api/v1/profiles?email=" + email.replace("@", "%40")).json();
        return found.get("items").get(0).get("id").asString();
    }
}

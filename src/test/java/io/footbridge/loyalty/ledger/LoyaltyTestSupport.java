package io.footbridge.loyalty.ledger;

import io.footbridge.receipts.ReceiptsTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A shop with a till, and the programme, member and sale steps the loyalty API tests share. */
abstract class LoyaltyTestSupport extends ReceiptsTestSupport {

    @Autowired
    LoyaltyFeed feed;

    @BeforeEach
    void openTheShop() {
        shop();
    }

    /** Sets the programme: 1 point per euro, in EUR, with {@code extra}. */
    void programme(Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("currency", "EUR", "pointsPerUnit", 1, "unit", 100));
        body.putAll(extra);
        var response = marketer.put("/api/v1/loyalty/program", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    JsonNode member(String loyaltyId) {
        var response = till.get("/api/v1/loyalty/members?loyaltyId=" + loyaltyId);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    /** A sale rung up with the loyalty number, earned on at once; answers its transaction id. */
    String memberSale(String loyaltyId) {
        String tx = ring(sale(tx(), Map.of("loyaltyId", loyaltyId), "print", false));
        feed.drain();
        return tx;
    }

    static String number() {
        return "L" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }
}

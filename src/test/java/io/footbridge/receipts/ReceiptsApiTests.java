package io.footbridge.receipts;

import io.footbridge.ApiClient;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A sale at the till becomes a digital receipt: sent, shown, clicked, counted, and only with permission sold to. */
class ReceiptsApiTests extends ReceiptsTestSupport {

    private String offerId;

    @BeforeEach
    void setUp() {
        shop();
        Map<String, Object> offer = new HashMap<>();
        offer.put("name", "Thank-you");
        offer.put("type", "percent");
        offer.put("percent", 10);
        offer.put("currency", "EUR");
        offer.put("validFrom", Instant.now().minus(1, ChronoUnit.DAYS).toString());
        offer.put("validUntil", Instant.now().plus(30, ChronoUnit.DAYS).toString());
        offer.put("channels", List.of("receipt", "survey"));
        var created = marketer.post("/api/v1/offers", offer);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        offerId = created.json().get("id").asString();
        var saved = marketer.put("/api/v1/receipts/settings", Map.of(
                "shopOnline", Map.of("enabled", true, "url", "https://shop.example.com/"),
                "reward", Map.of("enabled", true, "offerId", offerId),
                "joinClub", Map.of("enabled", true, "url", "https://club.example.com/join"),
                "footer", "Returns within 30 days with this receipt."));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    }

    @Test
    void anEmailReceiptShowsTheSaleInTheStoresCurrencyAndSellsNothingWithoutPermission() throws Exception {
        String to = "lena@" + domain;
        String id = ring(sale(tx(), Map.of("email", to), "email", false));

        MimeMessage mail = awaitMail(to);
        assertThat(mail.getSubject()).isEqualTo("Your receipt from Store BER-1");
        String html = html(mail);
        assertThat(html).contains("2 × Shampoo", "€9.98", "€19.97", "Including tax", "€3.04", "View your receipt")
                .doesNotContain("Claim my reward", "Join the club", "Shop similar online");
        JsonNode receipt = awaitReceipt(id, r -> r.path("delivery").path("status").asString().equals("sent"));
        assertThat(receipt.get("channel").asString()).isEqualTo("email");
        assertThat(receipt.get("to").asString()).isEqualTo(to);
        assertThat(receipt.get("messages").get(0).get("marketing").asBoolean()).isFalse();
        List<String> links = messageLinks(receipt.get("delivery").get("messageId").asString());
        String url = receipt.get("url").asString();
        assertThat(links).containsExactly(url);

        var page = open(url);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Cache-Control")).contains("no-store");
        assertThat(page.raw().body()).contains("Store BER-1", "Shampoo", "2 × €4.99", "€9.98", "Brush",
                        "Discount -€3.00", "Total", "€19.97", "Including tax", "€3.04", "Paid by card",
                        "Returns within 30 days", "noindex")
                .doesNotContain("Claim my reward", "Join now", "Shop online");
    }
}

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

    @Test
    void withAMarketingGrantTheReceiptSellsAndEveryClickIsCounted() throws Exception {
        String to = "fan@" + domain;
        String id = ring(sale(tx(), Map.of("email", to), "email", true));

        String html = html(awaitMail(to));
        assertThat(html).contains("Claim my reward", "10 % off", "Join the club", "Shop similar online");
        JsonNode receipt = awaitReceipt(id, r -> r.path("delivery").path("status").asString().equals("sent"));
        assertThat(receipt.get("messages").get(0).get("marketing").asBoolean()).isTrue();
        String base = receipt.get("url").asString();
        assertThat(messageLinks(receipt.get("delivery").get("messageId").asString())).containsExactlyInAnyOrder(base,
                base + "/go/reward?via=message", base + "/go/club?via=message", base + "/go/shop?via=message");

        var page = open(base);
        assertThat(page.raw().body()).contains("Claim my reward", "Join now", "Shop online",
                "More like Shampoo in our online shop.");
        assertThat(follow(base + "/go/shop?via=page")).as("the dearest line with a page of its own")
                .isEqualTo("https://shop.example.com/p/shampoo");
        assertThat(follow(base + "/go/club?via=message")).isEqualTo("https://club.example.com/join");
        String couponPage = follow(base + "/go/reward?via=message");
        assertThat(couponPage).contains("/c/");
        assertThat(follow(base + "/go/reward?via=page")).as("the same coupon again").isEqualTo(couponPage);
        assertThat(open(base + "/go/reward", "WhatsApp/2.23 link preview").header("Location"))
                .as("a link preview claims nothing").isEqualTo(base);
        assertThat(open(base).raw().body()).contains("Your reward is ready", "Show my coupon");

        String code = jdbc.sql("SELECT code FROM coupon WHERE tenant_id = :t").param("t", tenant.id())
                .query(String.class).single();
        var redeemed = till.post("/api/v1/coupons/redeem", Map.of("code", code, "transactionId", tx(),
                "basket", Map.of("total", 3000, "currency", "EUR")));
        assertThat(redeemed.status()).as(redeemed.toString()).isEqualTo(200);
        JsonNode offerStats = marketer.get("/api/v1/offers/" + offerId + "/stats").json();
        assertThat(offerStats.get("byChannel").get(0).get("channel").asString()).isEqualTo("receipt");
        assertThat(offerStats.get("byChannel").get(0).get("touchpoint").asString()).isEqualTo("receipt:email");
        assertThat(offerStats.get("byChannel").get(0).get("issued").asLong()).isEqualTo(1);

        JsonNode ctas = awaitReceipt(id, r -> true).get("ctas");
        assertThat(ctas.valueStream().map(c -> c.get("cta").asString() + ":" + c.get("clicks").asInt() + ":"
                + c.get("messageClicks").asInt() + ":" + c.get("inMessage").asBoolean() + ":"
                + c.get("onPage").asBoolean()).toList())
                .containsExactly("club:1:1:true:true", "reward:2:1:true:true", "shop:1:0:true:true");

        JsonNode stats = marketer.get("/api/v1/receipts/stats?store=BER-1").json();
        assertThat(stats.get("receipts").asLong()).isEqualTo(1);
        assertThat(stats.get("page").get("viewed").asLong()).isEqualTo(1);
        assertThat(stats.get("messages").get("messages").asLong()).isEqualTo(1);
        assertThat(stats.get("messages").get("delivered").asLong()).isEqualTo(1);
        assertThat(stats.get("messages").get("deliveryRate").asDouble()).isEqualTo(1.0);
        JsonNode reward = stats.get("ctas").valueStream().filter(c -> c.get("cta").asString().equals("reward"))
                .findFirst().orElseThrow();
        assertThat(reward.get("shown").asLong()).isEqualTo(1);
        assertThat(reward.get("clicked").asLong()).isEqualTo(1);
        assertThat(reward.get("clicks").asLong()).isEqualTo(2);
        assertThat(reward.get("clickRate").asDouble()).isEqualTo(1.0);

        awaitResolved(tenant.id());
        String profile = tenant.admin().get("/api/v1/profiles?email=" + to.replace("@", "%40")).json()
                .get("items").get(0).get("id").asString();
        JsonNode timeline = tenant.admin().get("/api/v1/profiles/" + profile + "/timeline").json().get("items");
        assertThat(timeline.valueStream().map(e -> e.get("type").asString()).toList())
                .containsOnlyOnce("receipt.viewed").contains("receipt.cta_clicked", "pos.purchase");
        assertThat(timeline.valueStream().filter(e -> e.get("type").asString().equals("receipt.cta_clicked"))
                .count()).as("once per call to action").isEqualTo(3);
    }

    @Test
    void theReceiptPageShowsTheStoresOpeningHoursWhenItHasThem() {
        String berlin = tenant.admin().get("/api/v1/stores?limit=1").json().get("items").get(0).get("id").asString();
        String without = ring(sale(tx(), Map.of("email", "nohours@" + domain), "email", false));
        String before = open(awaitReceipt(without, r -> r.has("url")).get("url").asString()).raw().body();
        assertThat(before).doesNotContain("Opening hours");

        var changed = tenant.admin().put("/api/v1/stores/" + berlin, Map.of("code", "BER-1", "name", "Store BER-1",
                "country", "DE", "timeZone", "Europe/Berlin", "currency", "EUR", "openingHours", List.of(
                        Map.of("day", "saturday", "opens", "10:00", "closes", "16:00"),
                        Map.of("day", "monday", "opens", "14:00", "closes", "19:00"),
                        Map.of("day", "monday", "opens", "09:00", "closes", "13:00"))));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        String page = open(awaitReceipt(without, r -> r.has("url")).get("url").asString()).raw().body();
        assertThat(page).contains("Opening hours of Store BER-1")
                .contains("Monday: 09:00–13:00, 14:00–19:00").contains("Saturday: 10:00–16:00")
                .doesNotContain("Sunday");
    }

    @Test
    void aMemberIsNotAskedToJoinTheClub() throws Exception {
        String to = "member@" + domain;
        String id = ring(sale(tx(), Map.of("email", to, "loyaltyId", "4711-0815"), "email", true));
        String html = html(awaitMail(to));
        assertThat(html).contains("Claim my reward").doesNotContain("Join the club");
        JsonNode receipt = awaitReceipt(id, r -> true);
        assertThat(open(receipt.get("url").asString()).raw().body()).contains("Claim my reward")
                .doesNotContain("Join now");
        assertThat(open(receipt.get("url").asString() + "/go/club").header("Location"))
                .as("not offered, not followed").isEqualTo(receipt.get("url").asString());
    }

    @Test
    void anSmsReceiptGoesToTheProviderAndPrintOrNoneSendsNothing() {
        String phone = "+49151" + (10_000_000 + (int) (Math.random() * 89_999_999));
        String id = ring(sale(tx(), Map.of("phone", phone), "sms", false));
        String body = PROVIDERS.awaitSms(phone, 1).get(0).form().get("Body");
        assertThat(body).contains("thank you for shopping at Store BER-1 (€19.97). Your receipt: http")
                .contains("/m/c/");
        JsonNode receipt = awaitReceipt(id, r -> r.path("delivery").path("status").asString().equals("sent"));
        assertThat(receipt.get("channel").asString()).isEqualTo("sms");
        assertThat(receipt.get("to").asString()).isEqualTo(phone);

        String printed = ring(sale(tx(), Map.of("email", "paper@" + domain), "print", false));
        String none = ring(sale(tx(), Map.of("email", "nothing@" + domain), "none", false));
        String landline = ring(sale(tx(), Map.of("phone", "030 1234567"), "sms", false));
        JsonNode undeliverable = awaitReceipt(landline, r -> r.path("delivery").path("status").asString()
                .equals("undeliverable"));
        assertThat(undeliverable.get("delivery").get("reason").asString()).contains("not a mobile number");
        sleep(500);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM receipt WHERE tenant_id = :t AND transaction_id IN (:ids)")
                .param("t", tenant.id()).param("ids", List.of(printed, none)).query(Long.class).single()).isZero();
        assertThat(mailsTo("paper@" + domain)).isEmpty();
        assertThat(mailsTo("nothing@" + domain)).isEmpty();
    }

    @Test
    void aVoidMarksTheReceiptAndARefundShowsOnIt() {
        String refunded = ring(sale(tx(), Map.of("email", "refund@" + domain), "email", true));
        JsonNode receipt = awaitReceipt(refunded, r -> r.path("delivery").path("messageId").isString());
        var refund = till.post("/api/v1/transactions", Map.of("transactionId", tx(), "type", "refund",
                "originalTransactionId", refunded, "store", "BER-1", "occurredAt", Instant.now().toString(),
                "currency", "EUR", "total", 499));
        assertThat(refund.status()).as(refund.toString()).isEqualTo(201);
        awaitReceipt(refunded, r -> r.get("refunded").asLong() == 499);
        assertThat(open(receipt.get("url").asString()).raw().body()).contains("Refunded on", "-€4.99",
                "Paid after refunds", "€14.98");

        String voided = ring(sale(tx(), Map.of("email", "void@" + domain), "email", true));
        JsonNode before = awaitReceipt(voided, r -> r.path("delivery").path("messageId").isString());
        var voiding = till.post("/api/v1/transactions", Map.of("transactionId", tx(), "type", "void",
                "originalTransactionId", voided, "store", "BER-1", "occurredAt", Instant.now().toString(),
                "currency", "EUR", "total", 1997));
        assertThat(voiding.status()).as(voiding.toString()).isEqualTo(201);
        JsonNode after = awaitReceipt(voided, r -> r.get("status").asString().equals("void"));
        assertThat(after.get("voidedAt").isString()).isTrue();
        String page = open(before.get("url").asString()).raw().body();
        assertThat(page).contains("This sale was cancelled at the till").doesNotContain("Claim my reward");
        assertThat(open(before.get("url").asString() + "/go/reward").header("Location"))
                .isEqualTo(before.get("url").asString());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM coupon WHERE tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single()).isZero();
        var resend = tenant.admin().post("/api/v1/receipts/" + after.get("id").asString() + "/resend", Map.of());
        assertThat(resend.status()).isEqualTo(409);
        assertThat(resend.json().get("type").asString()).endsWith("/receipt-void");
    }

    @Test
    void aReplayedCaptureEventSendsNothingTwice() throws Exception {
        String to = "once@" + domain;
        String id = ring(sale(tx(), Map.of("email", to), "email", false));
        awaitMail(to);
        JsonNode receipt = awaitReceipt(id, r -> r.path("delivery").path("status").asString().equals("sent"));

        assertThat(till.post("/api/v1/transactions", sale(id, Map.of("email", to), "email", false)).status())
                .as("the till retries").isEqualTo(200);
        long seq = jdbc.sql("SELECT seq FROM capture_event WHERE tenant_id = :t AND event_id = :e")
                .param("t", tenant.id()).param("e", "pos:" + id).query(Long.class).single();
        jdbc.sql("UPDATE capture_feed SET position = 0 WHERE name = 'receipts'").update();
        long deadline = System.currentTimeMillis() + 30_000;
        while (jdbc.sql("SELECT position FROM capture_feed WHERE name = 'receipts'").query(Long.class).single() < seq) {
            assertThat(System.currentTimeMillis()).as("the feed read the sale again").isLessThan(deadline);
            sleep(100);
        }
        sleep(500);
        assertThat(mailsTo(to)).hasSize(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM receipt WHERE tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single()).isEqualTo(1);
        assertThat(awaitReceipt(id, r -> true).get("messages")).hasSize(1);
        assertThat(receipt.get("delivery").get("messageId").asString())
                .isEqualTo(awaitReceipt(id, r -> true).get("delivery").get("messageId").asString());
    }

    @Test
    void aPurchaseEventWithoutARecordedSaleGetsNoReceipt() {
        String key = tenant.createKey("events", "BER-1", "events:write");
        var event = anonymous.bearer(key).post("/api/v1/events", Map.of("eventId", "e-" + UUID.randomUUID(),
                "type", "pos.purchase", "occurredAt", Instant.now().minusSeconds(10).toString(),
                "identifiers", Map.of("email", "ghost@" + domain), "properties", Map.of("transactionId", "GHOST-1",
                        "total", 100, "currency", "EUR", "receipt", "email")));
        assertThat(event.status()).as(event.toString()).isEqualTo(201);
        String real = ring(sale(tx(), Map.of("email", "real@" + domain), "email", false));
        awaitReceipt(real, r -> true);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM receipt WHERE tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single()).as("only the till's sale, read after the event").isEqualTo(1);
    }

    @Test
    void staffResendAReceiptToACorrectedAddressOnce() throws Exception {
        String typo = "lena@gmial.invalid";
        String id = ring(sale(tx(), Map.of("email", typo), "email", false));
        JsonNode receipt = awaitReceipt(id, r -> r.path("delivery").path("messageId").isString());
        String fixed = "lena@" + domain;
        var resent = till.send(till.request("/api/v1/receipts/" + receipt.get("id").asString() + "/resend")
                .header("Content-Type", "application/json").header("Idempotency-Key", "fix-1")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"to\": \"" + fixed + "\"}")));
        assertThat(resent.status()).as(resent.toString()).isEqualTo(200);
        assertThat(resent.json().get("to").asString()).isEqualTo(fixed);
        var again = till.send(till.request("/api/v1/receipts/" + receipt.get("id").asString() + "/resend")
                .header("Content-Type", "application/json").header("Idempotency-Key", "fix-1")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"to\": \"" + fixed + "\"}")));
        assertThat(again.status()).isEqualTo(200);
        assertThat(awaitMail(fixed).getSubject()).isEqualTo("Your receipt from Store BER-1");
        sleep(500);
        assertThat(mailsTo(fixed)).hasSize(1);
        assertThat(again.json().get("messages")).hasSize(2);
        assertThat(till.post("/api/v1/receipts/" + receipt.get("id").asString() + "/resend",
                Map.of("to", "not an address")).errorFields()).containsExactly("to");
        assertThat(till.post("/api/v1/receipts/" + receipt.get("id").asString() + "/resend",
                Map.of("channel", "pigeon")).errorFields()).containsExactly("channel");
    }

    @Test
    void receiptsAreTheTenantsAndTheStoresOnly() {
        String id = ring(sale(tx(), Map.of("email", "mine@" + domain), "email", false));
        String receiptId = awaitReceipt(id, r -> true).get("id").asString();
        TestTenant other = newTenant();
        other.createStore("BER-1");
        assertThat(other.admin().get("/api/v1/receipts/" + receiptId).status()).isEqualTo(404);
        assertThat(other.admin().post("/api/v1/receipts/" + receiptId + "/resend", Map.of()).status())
                .isEqualTo(404);
        assertThat(other.admin().get("/api/v1/receipts").json().get("items")).isEmpty();
        assertThat(other.admin().get("/api/v1/receipts/stats").json().get("receipts").asLong()).isZero();

        tenant.createStore("HAM-1");
        ApiClient hamburg = tenant.createUser("store_manager", "HAM-1");
        assertThat(hamburg.get("/api/v1/receipts/" + receiptId).status()).isEqualTo(404);
        assertThat(hamburg.get("/api/v1/receipts").json().get("items")).isEmpty();
        assertThat(hamburg.get("/api/v1/receipts?store=BER-1").status()).isEqualTo(403);
        assertThat(tenant.admin().get("/api/v1/receipts?store=BER-1").json().get("items")).hasSize(1);
        assertThat(tenant.admin().get("/api/v1/receipts?from=2026-05-01T00:00:00Z&to=2026-04-01T00:00:00Z")
                .errorFields()).containsExactly("from");
        assertThat(tenant.admin().get("/api/v1/receipts/not-a-uuid").status()).isEqualTo(400);
        assertThat(open("http://localhost:" + port + "/r/AAAAAAAAAAAAAAAAAAAAAA").status()).isEqualTo(404);
        assertThat(open("http://localhost:" + port + "/r/short").status()).isEqualTo(404);
    }

    @Test
    void settingsAreCheckedAndAStoreMayHaveItsOwn() {
        var bad = marketer.put("/api/v1/receipts/settings", Map.of(
                "reward", Map.of("enabled", true, "offerId", UUID.randomUUID().toString()),
                "survey", Map.of("enabled", true, "surveyId", UUID.randomUUID().toString()),
                "joinClub", Map.of("enabled", true, "url", "ftp://club"),
                "shopOnline", Map.of("enabled", true, "categoryUrls", Map.of("hair", "not a url"))));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorFields()).containsExactlyInAnyOrder("reward.offerId", "survey.surveyId", "joinClub.url",
                "shopOnline.categoryUrls.hair");
        Map<String, Object> emailOnly = new HashMap<>(Map.of("name", "Mail only", "type", "amount", "amount", 100,
                "currency", "EUR", "validFrom", "2026-01-01", "validUntil", "2099-01-01", "channels", List.of("email")));
        String mailOffer = marketer.post("/api/v1/offers", emailOnly).json().get("id").asString();
        assertThat(marketer.put("/api/v1/receipts/settings", Map.of("reward", Map.of("enabled", true,
                "offerId", mailOffer))).errorFields()).containsExactly("reward.offerId");
        assertThat(marketer.put("/api/v1/receipts/settings", Map.of("colour", "red")).errorFields())
                .containsExactly("colour");
        JsonNode current = marketer.get("/api/v1/receipts/settings").json();
        assertThat(marketer.put("/api/v1/receipts/settings", current.toString()).status())
                .as("what GET answers, PUT takes back").isEqualTo(200);

        var own = marketer.put("/api/v1/receipts/settings?store=BER-1", Map.of("enabled", false));
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(marketer.get("/api/v1/receipts/settings?store=BER-1").json().get("enabled").asBoolean()).isFalse();
        assertThat(marketer.get("/api/v1/receipts/settings").json().get("reward").get("offerId").asString())
                .isEqualTo(offerId);
        String quiet = ring(sale(tx(), Map.of("email", "quiet@" + domain), "email", false));
        sleep(1_000);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM receipt WHERE tenant_id = :t AND transaction_id = :id")
                .param("t", tenant.id()).param("id", quiet).query(Long.class).single())
                .as("the store turned receipts off").isZero();
        assertThat(marketer.delete("/api/v1/receipts/settings?store=BER-1").status()).isEqualTo(204);
        JsonNode inherited = marketer.get("/api/v1/receipts/settings?store=BER-1").json();
        assertThat(inherited.get("inherited").asBoolean()).isTrue();
        assertThat(inherited.get("enabled").asBoolean()).isTrue();
        ApiClient manager = tenant.createUser("store_manager", "BER-1");
        assertThat(manager.put("/api/v1/receipts/settings", Map.of("enabled", false)).status()).isEqualTo(403);
    }
}

package io.footbridge.offers;

import io.footbridge.ApiClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Offers from the marketer's side (rules, codes, issuing) and the till's (validate, redeem, roll back). */
class OffersApiTests extends OffersTestSupport {

    private TestTenant tenant;
    private ApiClient marketer;
    private ApiClient till;

    @BeforeEach
    void tenant() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        tenant.createStore("HAM-1");
        marketer = tenant.createUser("marketer");
        till = anonymous.bearer(tenant.createKey("till", "BER-1", "pos"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no percent for a percent offer | {"name": "A", "type": "percent", "currency": "EUR", "validFrom": "2026-01-01", "validUntil": "2099-01-01"} | percent
            percent over 100             | {"name": "A", "type": "percent", "percent": 120, "currency": "EUR", "validFrom": "2026-01-01", "validUntil": "2099-01-01"} | percent
            three decimals               | {"name": "A", "type": "percent", "percent": 12.345, "currency": "EUR", "validFrom": "2026-01-01", "validUntil": "2099-01-01"} | percent
            amount on a percent offer    | {"name": "A", "type": "percent", "percent": 10, "amount": 5, "currency": "EUR", "validFrom": "2026-01-01", "validUntil": "2099-01-01"} | amount
            no amount                    | {"name": "A", "type": "amount", "currency": "EUR", "validFrom": "2026-01-01", "validUntil": "2099-01-01"} | amount
            negative amount              | {"name": "A", "type": "amount", "amount": -5, "currency": "EUR", "validFrom": "2026-01-01", "validUntil": "2099-01-01"} | amount
            free item without product    | {"name": "A", "type": "free_item", "currency": "EUR", "validFrom": "2026-01-01", "validUntil": "2099-01-01"} | freeSku
            unknown type                 | {"name": "A", "type": "bogof", "currency": "EUR", "validFrom": "2026-01-01", "validUntil": "2099-01-01"} | type
            bad currency                 | {"name": "A", "type": "amount", "amount": 5, "currency": "EURO", "validFrom": "2026-01-01", "validUntil": "2099-01-01"} | currency
            bad validFrom                | {"name": "A", "type": "amount", "amount": 5, "currency": "EUR", "validFrom": "next monday", "validUntil": "2099-01-01"} | validFrom
            until before from            | {"name": "A", "type": "amount", "amount": 5, "currency": "EUR", "validFrom": "2030-01-01", "validUntil": "2029-01-01"} | validUntil
            ended already                | {"name": "A", "type": "amount", "amount": 5, "currency": "EUR", "validFrom": "2020-01-01", "validUntil": "2020-02-01T00:00:00Z"} | validUntil
            the end of time              | {"name": "A", "type": "amount", "amount": 5, "currency": "EUR", "validFrom": "2026-01-01", "validUntil": "+999999999-12-31"} | validUntil
            unknown store                | {"name": "A", "type": "amount", "amount": 5, "currency": "EUR", "validFrom": "2026-01-01", "validUntil": "2099-01-01", "stores": ["NOPE"]} | stores[0]
            unknown channel              | {"name": "A", "type": "amount", "amount": 5, "currency": "EUR", "validFrom": "2026-01-01", "validUntil": "2099-01-01", "channels": ["email", "pigeon"]} | channels[1]
            prefix with look-alikes      | {"name": "A", "type": "amount", "amount": 5, "currency": "EUR", "validFrom": "2026-01-01", "validUntil": "2099-01-01", "codePrefix": "SOLO"} | codePrefix
            code too short               | {"name": "A", "type": "amount", "amount": 5, "currency": "EUR", "validFrom": "2026-01-01", "validUntil": "2099-01-01", "codeLength": 4} | codeLength
            wrong type of limit          | {"name": "A", "type": "amount", "amount": 5, "currency": "EUR", "validFrom": "2026-01-01", "validUntil": "2099-01-01", "perCustomerLimit": "two"} | perCustomerLimit
            unknown field                | {"name": "A", "type": "amount", "amount": 5, "currency": "EUR", "validFrom": "2026-01-01", "validUntil": "2099-01-01", "colour": "red"} | colour
            missing name                 | {"type": "amount", "amount": 5, "currency": "EUR", "validFrom": "2026-01-01", "validUntil": "2099-01-01"} | name
            malformed JSON               | {"name": "A", "type": | body
            """)
    void offersAreValidatedFieldByField(String description, String body, String field) {
        var response = marketer.post("/api/v1/offers", body);

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.errorFields()).as(response.toString()).contains(field);
        assertThat(marketer.get("/api/v1/offers").json().get("items")).isEmpty();
    }

    @Test
    void anOfferIsCreatedReadChangedAndArchived() {
        Map<String, Object> body = offer("percent");
        body.put("percent", 12.5);
        body.put("maxDiscount", 2000);
        body.put("minBasket", 2000);
        body.put("stores", List.of("BER-1"));
        body.put("categories", List.of("coffee"));
        body.put("channels", List.of("email", "receipt"));
        body.put("codePrefix", "spr");
        var created = marketer.post("/api/v1/offers", body);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode offer = created.json();
        String id = offer.get("id").asString();
        assertThat(created.header("Location")).endsWith("/api/v1/offers/" + id);
        assertThat(offer.get("percent").asDouble()).isEqualTo(12.5);
        assertThat(offer.get("stores").get(0).asString()).isEqualTo("BER-1");
        assertThat(offer.get("codePrefix").asString()).isEqualTo("SPR");
        assertThat(offer.get("status").asString()).isEqualTo("active");
        assertThat(offer.get("discount").asString()).isEqualTo("12.5 % off (up to €20.00) on a purchase of €20.00 or more");

        body.put("name", "Spring, renamed");
        body.put("minBasket", 0);
        var changed = marketer.put("/api/v1/offers/" + id, body);
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().get("name").asString()).isEqualTo("Spring, renamed");
        body.put("type", "amount");
        body.remove("percent");
        body.put("amount", 100);
        body.remove("maxDiscount");
        assertThat(marketer.put("/api/v1/offers/" + id, body).errorFields()).contains("type");

        assertThat(marketer.delete("/api/v1/offers/" + id).status()).isEqualTo(204);
        assertThat(marketer.get("/api/v1/offers/" + id).json().get("status").asString()).isEqualTo("archived");
        assertThat(marketer.get("/api/v1/offers?status=archived").json().get("items")).hasSize(1);
        assertThat(marketer.get("/api/v1/offers?status=active").json().get("items")).isEmpty();
        assertThat(tenant.admin().get("/api/v1/audit-log?targetId=" + id).json().get("items")).hasSize(3);
    }

    @Test
    void scopesDecideWhoManagesOffersAndWhoRedeems() {
        String offerId = createOffer(marketer, offer("amount"));
        String code = generate(marketer, offerId, 1).get(0);
        ApiClient analyst = anonymous.bearer(tenant.createKey("bi", null, "analytics:read"));

        assertThat(till.post("/api/v1/offers", offer("amount")).status()).isEqualTo(403);
        assertThat(analyst.post("/api/v1/offers", offer("amount")).status()).isEqualTo(403);
        assertThat(analyst.get("/api/v1/offers/" + offerId).status()).isEqualTo(200);
        assertThat(analyst.get("/api/v1/offers/" + offerId + "/stats").status()).isEqualTo(200);
        assertThat(marketer.post("/api/v1/coupons/redeem", pos(code, tx(), basket(1000))).status()).isEqualTo(403);
        assertThat(anonymous.post("/api/v1/coupons/redeem", pos(code, tx(), basket(1000))).status()).isEqualTo(401);
    }

    @Test
    void aCodeIsValidatedRedeemedOnceAndRolledBack() {
        String offerId = createOffer(marketer, offer("percent"));
        String code = generate(marketer, offerId, 1).get(0);
        String sale = tx();

        var validation = till.post("/api/v1/coupons/validate", pos(code.toLowerCase(), null, basket(4599)));
        assertThat(validation.status()).as(validation.toString()).isEqualTo(200);
        assertThat(validation.json().get("valid").asBoolean()).isTrue();
        assertThat(validation.json().get("discount").asLong()).isEqualTo(460);
        assertThat(validation.json().get("totalAfterDiscount").asLong()).isEqualTo(4139);

        String typed = code.substring(0, 3) + "-" + code.substring(3, 6) + " " + code.substring(6);
        var redeemed = redeem(till, typed, sale, 4599);
        assertThat(redeemed.status()).as(redeemed.toString()).isEqualTo(200);
        assertThat(redeemed.json().get("discount").asLong()).isEqualTo(460);
        assertThat(redeemed.json().get("code").asString()).isEqualTo(code);
        assertThat(redeemed.json().get("store").asString()).isEqualTo("BER-1");
        assertThat(redeemed.header("Idempotent-Replayed")).isEqualTo("false");

        var again = redeem(till, code, tx(), 4599);
        assertThat(again.status()).isEqualTo(409);
        assertThat(type(again)).isEqualTo("coupon-already-redeemed");
        var replay = redeem(till, code, sale, 1);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.json().get("redemptionId").asString()).isEqualTo(redeemed.json().get("redemptionId").asString());
        assertThat(replay.json().get("basketTotal").asLong()).isEqualTo(4599);
        assertThat(marketer.get("/api/v1/coupons/" + code).json().get("status").asString()).isEqualTo("redeemed");

        JsonNode event = tenant.admin().get("/api/v1/events?type=coupon.redeemed").json().get("items").get(0);
        assertThat(event.get("propertiesJson").asString()).contains("\"code\":\"" + code + "\"",
                "\"transactionId\":\"" + sale + "\"", "\"discount\":460", "\"currency\":\"EUR\"");

        var rolledBack = till.post("/api/v1/coupons/rollback", Map.of("transactionId", sale, "reason", "void"));
        assertThat(rolledBack.status()).as(rolledBack.toString()).isEqualTo(200);
        assertThat(rolledBack.json().get("rolledBack").get(0).get("reason").asString()).isEqualTo("void");
        assertThat(till.post("/api/v1/coupons/rollback", Map.of("transactionId", sale)).status())
                .as("a retried rollback").isEqualTo(200);
        assertThat(marketer.get("/api/v1/coupons/" + code).json().get("status").asString()).isEqualTo("active");
        assertThat(type(redeem(till, code, sale, 4599))).as("the rolled-back sale again")
                .isEqualTo("redemption-rolled-back");
        assertThat(redeem(till, code, tx(), 4599).status()).as("a new sale").isEqualTo(200);
        assertThat(tenant.admin().get("/api/v1/events?type=coupon.rolled_back").json().get("items")).hasSize(1);
    }

    @Test
    void eachReasonACodeCannotBeUsedIsNamedAndLeavesTheCodeUnused() {
        Map<String, Object> rules = offer("amount");
        rules.put("minBasket", 2000);
        rules.put("stores", List.of("HAM-1"));
        String hamburgOnly = createOffer(marketer, rules);
        String future = offer("amount").entrySet().isEmpty() ? null : createOffer(marketer, withValidity(
                Instant.now().plus(2, ChronoUnit.DAYS).toString(), Instant.now().plus(9, ChronoUnit.DAYS).toString()));
        String started = Instant.now().minus(2, ChronoUnit.DAYS).toString();
        String shortLived = createOffer(marketer, withValidity(started, Instant.now().plus(1, ChronoUnit.DAYS)
                .toString()));
        Map<String, Object> coffeeOnly = offer("percent");
        coffeeOnly.put("skus", List.of("COFFEE-1"));
        String coffee = createOffer(marketer, coffeeOnly);
        String archived = createOffer(marketer, offer("amount"));
        String anywhere = createOffer(marketer, offer("amount"));

        String ham = generate(marketer, hamburgOnly, 1).get(0);
        String notYet = generate(marketer, future, 1).get(0);
        String soonOver = generate(marketer, shortLived, 1).get(0);
        String coffeeCode = generate(marketer, coffee, 1).get(0);
        String withdrawn = generate(marketer, archived, 1).get(0);
        List<String> codes = generate(marketer, anywhere, 2);
        marketer.delete("/api/v1/offers/" + archived);
        assertThat(marketer.post("/api/v1/coupons/" + codes.get(1) + "/revoke", "").status()).isEqualTo(200);
        ApiClient hamburg = anonymous.bearer(tenant.createKey("till HAM", "HAM-1", "pos"));

        assertThat(type(redeem(till, ham, tx(), 5000))).isEqualTo("store-not-eligible");
        assertThat(type(redeem(hamburg, ham, tx(), 1999))).isEqualTo("basket-below-minimum");
        var dollars = pos(ham, tx(), Map.of("total", 5000, "currency", "USD"));
        assertThat(type(hamburg.post("/api/v1/coupons/redeem", dollars))).isEqualTo("currency-mismatch");
        assertThat(type(redeem(till, notYet, tx(), 5000))).isEqualTo("coupon-not-yet-valid");
        assertThat(type(redeem(till, coffeeCode, tx(), 5000))).isEqualTo("no-eligible-items");
        var tea = pos(coffeeCode, tx(), Map.of("total", 500, "currency", "EUR", "lines",
                List.of(Map.of("sku", "TEA-1", "quantity", 1, "unitPrice", 500))));
        assertThat(type(till.post("/api/v1/coupons/redeem", tea))).isEqualTo("no-eligible-items");
        assertThat(type(redeem(till, withdrawn, tx(), 5000))).isEqualTo("offer-archived");
        assertThat(type(redeem(till, codes.get(1), tx(), 5000))).isEqualTo("coupon-revoked");
        var unknown = redeem(till, "23456789A", tx(), 5000);
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(type(unknown)).isEqualTo("code-mistyped");
        String realButMistyped = codes.get(0).substring(0, 8) + (codes.get(0).charAt(8) == '2' ? '3' : '2');
        assertThat(type(redeem(till, realButMistyped, tx(), 5000))).isEqualTo("code-mistyped");
        var notFound = redeem(till, "NOSUCHCODE", tx(), 5000);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(type(notFound)).isEqualTo("coupon-not-found");
        assertThat(notFound.errorFields()).containsExactly("code");
        // the offer is cut short only once its code is made, so a slow machine cannot outlive it before that
        Instant end = Instant.now().plusSeconds(3);
        var cut = marketer.put("/api/v1/offers/" + shortLived, withValidity(started, end.toString()));
        assertThat(cut.status()).as(cut.toString()).isEqualTo(200);
        awaitPast(end.plusMillis(100));
        assertThat(type(redeem(till, soonOver, tx(), 5000))).isEqualTo("coupon-expired");
        var expiredValidation = till.post("/api/v1/coupons/validate", pos(soonOver, null, basket(5000))).json();
        assertThat(expiredValidation.get("valid").asBoolean()).isFalse();
        assertThat(expiredValidation.get("reason").asString()).isEqualTo("coupon-expired");

        // none of them was used up by being refused
        for (String code : List.of(ham, notYet, coffeeCode)) {
            assertThat(marketer.get("/api/v1/coupons/" + code).json().get("status").asString()).isEqualTo(
                    code.equals(notYet) ? "active" : "active");
        }
        var coffeeBasket = pos(coffeeCode, tx(), Map.of("total", 1300, "currency", "EUR", "lines", List.of(
                Map.of("sku", "COFFEE-1", "quantity", 2, "unitPrice", 400),
                Map.of("sku", "TEA-1", "quantity", 1, "unitPrice", 500))));
        var coffeeRedeemed = till.post("/api/v1/coupons/redeem", coffeeBasket);
        assertThat(coffeeRedeemed.json().get("discount").asLong()).as("10 % of the coffee only").isEqualTo(80);
        var hamRedeemed = redeem(hamburg, ham, tx(), 2000);
        assertThat(hamRedeemed.status()).as(hamRedeemed.toString()).isEqualTo(200);
        assertThat(hamRedeemed.json().get("discount").asLong()).isEqualTo(500);
    }

    @Test
    void aFreeItemTakesOffTheProductsPrice() {
        String offerId = createOffer(marketer, offer("free_item"));
        String code = generate(marketer, offerId, 1).get(0);
        var request = pos(code, tx(), Map.of("total", 1350, "currency", "EUR", "lines", List.of(
                Map.of("sku", "CAKE", "quantity", 1, "unitPrice", 1100),
                Map.of("sku", "ESPRESSO", "quantity", 1, "unitPrice", 250))));

        var redeemed = till.post("/api/v1/coupons/redeem", request);

        assertThat(redeemed.status()).as(redeemed.toString()).isEqualTo(200);
        assertThat(redeemed.json().get("discount").asLong()).isEqualTo(250);
        assertThat(redeemed.json().get("freeSku").asString()).isEqualTo("ESPRESSO");
    }

    @Test
    void localValidityMeansEachStoresOwnClock() {
        tenant.admin().post("/api/v1/stores", Map.of("code", "NYC-1", "name", "New York", "country", "US",
                "timeZone", "America/New_York", "currency", "EUR"));
        // a minute ago on Berlin's clocks: over in Berlin, still hours to go in New York
        String until = LocalDateTime.now(ZoneId.of("Europe/Berlin")).minusMinutes(1).truncatedTo(ChronoUnit.MINUTES)
                .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        String offerId = createOffer(marketer, withValidity("2026-01-01", until));
        List<String> codes = generate(marketer, offerId, 2);
        ApiClient chain = anonymous.bearer(tenant.createKey("chain", null, "pos"));

        var berlin = chain.post("/api/v1/coupons/redeem", withStore(pos(codes.get(0), tx(), basket(1000)), "BER-1"));
        var newYork = chain.post("/api/v1/coupons/redeem", withStore(pos(codes.get(1), tx(), basket(1000)), "NYC-1"));

        assertThat(type(berlin)).isEqualTo("coupon-expired");
        assertThat(newYork.status()).as(newYork.toString()).isEqualTo(200);
    }

    @Test
    void aStoreBoundKeyRedeemsOnlyInItsStore() {
        String offerId = createOffer(marketer, offer("amount"));
        String code = generate(marketer, offerId, 1).get(0);

        var elsewhere = till.post("/api/v1/coupons/redeem", withStore(pos(code, tx(), basket(1000)), "HAM-1"));
        assertThat(elsewhere.status()).isEqualTo(403);
        var unknownStore = till.post("/api/v1/coupons/redeem", withStore(pos(code, tx(), basket(1000)), "XX-9"));
        assertThat(unknownStore.errorFields()).containsExactly("store");
        ApiClient chain = anonymous.bearer(tenant.createKey("chain", null, "pos"));
        assertThat(chain.post("/api/v1/coupons/redeem", pos(code, tx(), basket(1000))).errorFields())
                .as("a tenant-wide key must name the store").containsExactly("store");
        String sale = tx();
        var here = till.post("/api/v1/coupons/redeem", withStore(pos(code, sale, basket(1000)), "BER-1"));
        assertThat(here.status()).as(here.toString()).isEqualTo(200);
        ApiClient hamburg = anonymous.bearer(tenant.createKey("till HAM", "HAM-1", "pos"));
        assertThat(hamburg.post("/api/v1/coupons/rollback", Map.of("transactionId", sale)).status())
                .as("another store's sale").isEqualTo(403);
        assertThat(marketer.get("/api/v1/coupons/" + code).json().get("status").asString()).isEqualTo("redeemed");
    }

    @Test
    void anotherTenantsCodesAndOffersAreUnknown() {
        String offerId = createOffer(marketer, offer("amount"));
        String code = generate(marketer, offerId, 1).get(0);
        TestTenant other = newTenant();
        other.createStore("BER-1");
        ApiClient otherTill = anonymous.bearer(other.createKey("till", "BER-1", "pos"));

        var redeemed = redeem(otherTill, code, tx(), 1000);
        assertThat(redeemed.status()).isEqualTo(404);
        assertThat(type(redeemed)).isEqualTo("coupon-not-found");
        assertThat(other.admin().get("/api/v1/offers/" + offerId).status()).isEqualTo(404);
        assertThat(other.admin().put("/api/v1/offers/" + offerId, offer("amount")).status()).isEqualTo(404);
        assertThat(other.admin().delete("/api/v1/offers/" + offerId).status()).isEqualTo(404);
        assertThat(other.admin().post("/api/v1/offers/" + offerId + "/codes", Map.of("count", 1)).status())
                .isEqualTo(404);
        assertThat(other.admin().post("/api/v1/offers/" + offerId + "/issue", Map.of()).status()).isEqualTo(404);
        assertThat(other.admin().get("/api/v1/offers/" + offerId + "/stats").status()).isEqualTo(404);
        assertThat(other.admin().get("/api/v1/offers/" + offerId + "/codes").status()).isEqualTo(404);
        assertThat(other.admin().get("/api/v1/coupons/" + code).status()).isEqualTo(404);
        assertThat(type(otherTill.post("/api/v1/coupons/rollback", Map.of("transactionId", "T-1"))))
                .isEqualTo("redemption-not-found");
        assertThat(marketer.get("/api/v1/coupons/" + code).json().get("status").asString()).isEqualTo("active");
    }

    @Test
    void badPosInputNamesTheFieldAndNeverAnswers500() {
        String offerId = createOffer(marketer, offer("amount"));
        String code = generate(marketer, offerId, 1).get(0);

        assertThat(till.post("/api/v1/coupons/redeem", "{\"code\": ").errorFields()).containsExactly("body");
        assertThat(till.post("/api/v1/coupons/redeem", Map.of("code", code, "transactionId", "T",
                "basket", Map.of("total", "ten", "currency", "EUR"))).errorFields()).containsExactly("basket.total");
        assertThat(till.post("/api/v1/coupons/redeem", Map.of("code", code, "basket", basket(100))).errorFields())
                .containsExactly("transactionId");
        assertThat(till.post("/api/v1/coupons/redeem", Map.of("code", "<script>", "transactionId", "T",
                "basket", basket(100))).errorFields()).containsExactly("code");
        assertThat(till.post("/api/v1/coupons/redeem", Map.of("code", code, "transactionId", "T",
                "basket", Map.of("total", -1, "currency", "EUR"))).errorFields()).containsExactly("basket.total");
        assertThat(till.post("/api/v1/coupons/redeem", Map.of("code", code, "transactionId", "T")).errorFields())
                .containsExactly("basket");
        assertThat(till.post("/api/v1/coupons/redeem", Map.of("code", code, "transactionId", "x".repeat(101),
                "basket", basket(100))).errorFields()).containsExactly("transactionId");
        assertThat(till.post("/api/v1/coupons/redeem", Map.of("code", code, "transactionId", "T",
                "basket", basket(100), "customer", Map.of("email", "not-an-email"))).errorFields())
                .containsExactly("customer.email");
        var huge = till.post("/api/v1/coupons/redeem", "{\"code\": \"" + "A".repeat(3_000_000) + "\"}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(marketer.get("/api/v1/offers/not-a-uuid").errorFields()).containsExactly("id");
        assertThat(marketer.get("/api/v1/offers/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(marketer.post("/api/v1/offers/" + offerId + "/codes", Map.of("count", 0)).errorFields())
                .containsExactly("count");
        assertThat(marketer.post("/api/v1/offers/" + offerId + "/codes", Map.of("count", 20_000)).errorFields())
                .containsExactly("count");
        assertThat(marketer.get("/api/v1/offers/" + offerId + "/codes?status=lost").errorFields())
                .containsExactly("status");
        assertThat(marketer.get("/api/v1/coupons/" + code).json().get("status").asString()).isEqualTo("active");
    }

    @Test
    void concurrentRedemptionsOfOneCodeHaveExactlyOneWinner() throws Exception {
        String offerId = createOffer(marketer, offer("amount"));
        String code = generate(marketer, offerId, 1).get(0);

        List<Integer> statuses = concurrently(16, () -> redeem(till, code, tx(), 1000).status());

        assertThat(statuses).containsOnlyOnce(200).containsOnly(200, 409);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM coupon_redemption WHERE tenant_id = :t")
                .param("t", tenant.id()).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM capture_event WHERE tenant_id = :t AND type = 'coupon.redeemed'")
                .param("t", tenant.id()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void concurrentRetriesOfOneSaleAllGetTheFirstAnswer() throws Exception {
        String offerId = createOffer(marketer, offer("amount"));
        String code = generate(marketer, offerId, 1).get(0);
        String sale = tx();

        List<Integer> statuses = concurrently(8, () -> redeem(till, code, sale, 1000).status());

        assertThat(statuses).containsOnly(200);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM coupon_redemption WHERE tenant_id = :t")
                .param("t", tenant.id()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aCapIsNeverExceededByRacingRedemptions() throws Exception {
        Map<String, Object> capped = offer("amount");
        capped.put("maxRedemptions", 3);
        String offerId = createOffer(marketer, capped);
        List<String> codes = generate(marketer, offerId, 10);
        var next = new java.util.concurrent.atomic.AtomicInteger();

        List<Integer> statuses = concurrently(10, () -> redeem(till, codes.get(next.getAndIncrement()), tx(), 1000)
                .status());

        assertThat(statuses.stream().filter(s -> s == 200)).hasSize(3);
        assertThat(statuses).containsOnly(200, 409);
        var exhausted = redeem(till, codes.get(0), tx(), 1000);
        assertThat(List.of("offer-exhausted", "coupon-already-redeemed")).contains(type(exhausted));
        assertThat(marketer.get("/api/v1/offers/" + offerId + "/codes?status=redeemed").json().get("items")).hasSize(3);
    }

    @Test
    void editingACappedOfferWhileTillsRedeemKeepsItsCountTrue() throws Exception {
        Map<String, Object> capped = offer("amount");
        capped.put("maxRedemptions", 30);
        String offerId = createOffer(marketer, capped);
        List<String> codes = generate(marketer, offerId, 60);
        var next = new java.util.concurrent.atomic.AtomicInteger();
        var roles = new java.util.concurrent.atomic.AtomicInteger();

        List<Integer> wins = concurrently(10, () -> {
            int won = 0;
            if (roles.getAndIncrement() < 2) {
                for (int edit = 0; edit < 10; edit++) { // the marketer renames it while the tills redeem
                    Map<String, Object> body = new java.util.HashMap<>(capped);
                    body.put("name", "Edited " + edit);
                    assertThat(marketer.put("/api/v1/offers/" + offerId, body).status()).isEqualTo(200);
                }
                return 0;
            }
            for (int i = next.getAndIncrement(); i < codes.size(); i = next.getAndIncrement()) {
                won += redeem(till, codes.get(i), tx(), 1000).status() == 200 ? 1 : 0;
            }
            return won;
        });

        assertThat(wins.stream().mapToInt(Integer::intValue).sum()).isEqualTo(30);
        assertThat(jdbc.sql("SELECT redeemed_count FROM offer WHERE id = :id")
                .param("id", java.util.UUID.fromString(offerId)).query(Integer.class).single())
                .as("the counter the cap is checked against").isEqualTo(30);
    }

    @Test
    void aBudgetStopsRedemptionsThatWouldOverspendIt() {
        Map<String, Object> budgeted = offer("amount");
        budgeted.put("budget", 1200);
        String offerId = createOffer(marketer, budgeted);
        List<String> codes = generate(marketer, offerId, 3);

        assertThat(redeem(till, codes.get(0), tx(), 1000).status()).isEqualTo(200);
        assertThat(redeem(till, codes.get(1), tx(), 1000).status()).isEqualTo(200);
        var third = redeem(till, codes.get(2), tx(), 1000);
        assertThat(third.status()).isEqualTo(409);
        assertThat(type(third)).isEqualTo("offer-exhausted");
        assertThat(marketer.get("/api/v1/coupons/" + codes.get(2)).json().get("status").asString()).isEqualTo("active");
    }

    @Test
    void aGenericCodeCountsUsesPerCustomer() {
        Map<String, Object> generic = offer("amount");
        generic.put("genericCode", "spring-25");
        generic.put("perCustomerLimit", 1);
        String offerId = createOffer(marketer, generic);
        var issued = marketer.post("/api/v1/offers/" + offerId + "/issue", Map.of("channel", "sms"));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        assertThat(issued.json().get("code").asString()).isEqualTo("SPRING25");
        assertThat(marketer.post("/api/v1/offers/" + offerId + "/codes", Map.of("count", 5)).status()).isEqualTo(409);
        var keyed = marketer.post("/api/v1/offers/" + offerId + "/issue", Map.of("channel", "sms",
                "idempotencyKey", "receipt-4711"));
        var retried = marketer.post("/api/v1/offers/" + offerId + "/issue", Map.of("channel", "sms",
                "idempotencyKey", "receipt-4711"));
        assertThat(keyed.status()).isEqualTo(201);
        assertThat(retried.status()).as("a retry is answered again, not issued again").isEqualTo(200);
        assertThat(retried.json().get("code").asString()).isEqualTo("SPRING25");

        var anonymousUse = redeem(till, "SPRING25", tx(), 1000);
        assertThat(type(anonymousUse)).isEqualTo("customer-required");
        var lena = pos("Spring 25", tx(), basket(1000));
        lena.put("customer", Map.of("email", "Lena@Example.com"));
        assertThat(till.post("/api/v1/coupons/redeem", lena).status()).isEqualTo(200);
        lena.put("transactionId", tx());
        lena.put("customer", Map.of("email", "lena@example.com"));
        var second = till.post("/api/v1/coupons/redeem", lena);
        assertThat(second.status()).isEqualTo(409);
        assertThat(type(second)).isEqualTo("per-customer-limit");
        var max = pos("SPRING25", tx(), basket(1000));
        max.put("customer", Map.of("loyaltyId", "L-77"));
        assertThat(till.post("/api/v1/coupons/redeem", max).status()).isEqualTo(200);
        assertThat(marketer.get("/api/v1/offers/" + offerId + "/stats").json().get("issued").asLong())
                .as("two issues, one of them retried").isEqualTo(2);
        marketer.delete("/api/v1/offers/" + offerId);
        var late = marketer.post("/api/v1/offers/" + offerId + "/issue", Map.of("channel", "sms",
                "idempotencyKey", "receipt-4711"));
        assertThat(late.status()).as("a retry after the offer was archived still gets its first answer")
                .isEqualTo(200);
        assertThat(marketer.post("/api/v1/offers/" + offerId + "/issue", Map.of("channel", "sms",
                "idempotencyKey", "receipt-4712")).status()).isEqualTo(409);
    }

    @Test
    void codesAreIssuedToCustomersWithinTheirLimitAndIdempotently() {
        Map<String, Object> limited = offer("amount");
        limited.put("perCustomerLimit", 2);
        limited.put("channels", List.of("email", "api"));
        limited.put("validDays", 14);
        String offerId = createOffer(marketer, limited);
        String profile = profileOf(tenant, "issue-" + java.util.UUID.randomUUID() + "@example.com");

        var first = marketer.post("/api/v1/offers/" + offerId + "/issue", Map.of("profileId", profile,
                "channel", "email", "idempotencyKey", "welcome-1"));
        var repeated = marketer.post("/api/v1/offers/" + offerId + "/issue", Map.of("profileId", profile,
                "channel", "email", "idempotencyKey", "welcome-1"));
        var second = marketer.post("/api/v1/offers/" + offerId + "/issue", Map.of("profileId", profile));
        var third = marketer.post("/api/v1/offers/" + offerId + "/issue", Map.of("profileId", profile));
        var sms = marketer.post("/api/v1/offers/" + offerId + "/issue", Map.of("channel", "sms"));
        var stranger = marketer.post("/api/v1/offers/" + offerId + "/issue",
                Map.of("profileId", java.util.UUID.randomUUID().toString()));

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        JsonNode coupon = first.json();
        assertThat(coupon.get("code").asString()).matches("[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{9}");
        assertThat(coupon.get("displayCode").asString()).matches("...-...-...");
        assertThat(coupon.get("discount").asString()).isEqualTo("€5.00 off");
        assertThat(coupon.get("pageUrl").asString()).contains("/c/");
        assertThat(coupon.get("barcodePngUrl").asString()).endsWith("/barcode.png");
        assertThat(Instant.parse(coupon.get("expiresAt").asString()))
                .isBetween(Instant.now().plus(13, ChronoUnit.DAYS), Instant.now().plus(15, ChronoUnit.DAYS));
        assertThat(repeated.status()).isEqualTo(200);
        assertThat(repeated.json().get("code").asString()).isEqualTo(coupon.get("code").asString());
        assertThat(second.status()).isEqualTo(201);
        assertThat(third.status()).isEqualTo(409);
        assertThat(type(third)).isEqualTo("per-customer-limit");
        assertThat(sms.status()).isEqualTo(422);
        assertThat(type(sms)).isEqualTo("channel-not-allowed");
        assertThat(stranger.errorFields()).containsExactly("profileId");
    }

    @Test
    void racingIssuesStayWithinThePerCustomerLimit() throws Exception {
        Map<String, Object> once = offer("amount");
        once.put("perCustomerLimit", 1);
        String offerId = createOffer(marketer, once);
        String profile = profileOf(tenant, "race-" + java.util.UUID.randomUUID() + "@example.com");

        List<Integer> statuses = concurrently(8, () -> marketer.post("/api/v1/offers/" + offerId + "/issue",
                Map.of("profileId", profile)).status());

        assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 409);
    }

    @Test
    void aLargeBatchHasNoDuplicatesAndStreamsAsCsv() {
        Map<String, Object> prefixed = offer("amount");
        prefixed.put("codePrefix", "SUM");
        prefixed.put("codeLength", 6);
        String offerId = createOffer(marketer, prefixed);

        var response = marketer.send(marketer.request("/api/v1/offers/" + offerId + "/codes")
                .header("Content-Type", "application/json").header("Accept", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("{\"count\": 20000}")));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.contentType()).startsWith("text/csv");
        List<String> lines = response.raw().body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("code,display_code,page_url,qr_png_url,barcode_png_url");
        Set<String> codes = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String code = line.split(",")[0];
            assertThat(code).matches("SUM[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{7}");
            assertThat(line.split(",")[1]).startsWith("SUM-");
            codes.add(code);
        }
        assertThat(codes).hasSize(20_000);
        assertThat(jdbc.sql("SELECT COUNT(DISTINCT code) FROM coupon WHERE offer_id = :o")
                .param("o", java.util.UUID.fromString(offerId)).query(Long.class).single()).isEqualTo(20_000);
        JsonNode page = marketer.get("/api/v1/offers/" + offerId + "/codes?limit=500").json();
        assertThat(page.get("items")).hasSize(500);
        JsonNode nextPage = marketer.get("/api/v1/offers/" + offerId + "/codes?limit=500&after="
                + page.get("next").asString()).json();
        assertThat(nextPage.get("items").get(0).get("code").asString())
                .isGreaterThan(page.get("items").get(499).get("code").asString());

        var ndjson = marketer.send(marketer.request("/api/v1/offers/" + offerId + "/codes")
                .header("Content-Type", "application/json").header("Accept", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString("{\"count\": 3}")));
        assertThat(ndjson.raw().body().lines()).hasSize(3).allSatisfy(line -> assertThat(line).startsWith("{\"code\""));
    }

    @Test
    void guessingCodesLocksTheCallerOutWithRetryAfter() {
        String offerId = createOffer(marketer, offer("amount"));
        String real = generate(marketer, offerId, 1).get(0);
        ApiClient guesser = anonymous.bearer(tenant.createKey("guesser", "BER-1", "pos"));
        java.util.Random random = new java.util.Random(7);

        int refused = 0;
        for (int i = 0; i < 20; i++) {
            // spread over prefixes, so only the per-key count trips
            String guess = "ZZ" + Integer.toString(100_000 + random.nextInt(800_000), 36).toUpperCase();
            refused += redeem(guesser, guess, tx(), 1000).status() == 404 ? 1 : 0;
        }
        var locked = redeem(guesser, real, tx(), 1000);

        assertThat(refused).isPositive();
        assertThat(locked.status()).isEqualTo(429);
        assertThat(type(locked)).isEqualTo("too-many-code-guesses");
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(800L, 901L);
        assertThat(guesser.post("/api/v1/coupons/validate", pos(real, null, basket(1000))).status()).isEqualTo(429);
        assertThat(redeem(till, real, tx(), 1000).status()).as("other tills go on").isEqualTo(200);
    }

    @Test
    void guessesSpreadOverKeysLockTheirPrefix() {
        for (int key = 0; key < 10; key++) {
            ApiClient guesser = anonymous.bearer(tenant.createKey("guesser " + key, "BER-1", "pos"));
            for (int i = 0; i < 10; i++) {
                redeem(guesser, "QQQQ" + key + "X" + i + "ZZ", tx(), 1000);
            }
        }
        var locked = redeem(till, "QQQQ99999", tx(), 1000);
        var otherPrefix = redeem(till, "RRRR99999", tx(), 1000);

        assertThat(locked.status()).isEqualTo(429);
        assertThat(otherPrefix.status()).isNotEqualTo(429);
    }

    @Test
    void aRefundOfASaleThatRedeemedNothingIsNamed() {
        var response = till.post("/api/v1/coupons/rollback", Map.of("transactionId", tx()));

        assertThat(response.status()).isEqualTo(404);
        assertThat(type(response)).isEqualTo("redemption-not-found");
    }

    private static Map<String, Object> withValidity(String from, String until) {
        Map<String, Object> body = offer("amount");
        body.put("validFrom", from);
        body.put("validUntil", until);
        return body;
    }

    private static Map<String, Object> withStore(Map<String, Object> body, String store) {
        body.put("store", store);
        return body;
    }

    private static void awaitPast(Instant moment) {
        while (Instant.now().isBefore(moment)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

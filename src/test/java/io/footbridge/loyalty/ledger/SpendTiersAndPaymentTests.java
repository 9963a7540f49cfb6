package io.footbridge.loyalty.ledger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tiers measured by money spent (refunds lower it, upgrades at once, downgrades at the period's end, the history
 * saying what was measured), points as payment at the programme's fixed rate (what the balance is worth, once per
 * sale, never overdrawn, given back when the sale is refunded), and the club's own consent asked at the till.
 */
class SpendTiersAndPaymentTests extends LoyaltyTestSupport {

    @Autowired
    LoyaltySweep sweep;

    private void giveBack(String type, String original, long amount) {
        var response = till.post("/api/v1/transactions", Map.of("transactionId", tx(), "type", type,
                "originalTransactionId", original, "store", "BER-1", "occurredAt", Instant.now().minusSeconds(5)
                        .truncatedTo(ChronoUnit.SECONDS).toString(), "currency", "EUR", "total", amount));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        feed.drain();
    }

    private String joined(long points) {
        String loyaltyId = "L" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        var join = till.post("/api/v1/loyalty/members", Map.of("loyaltyId", loyaltyId, "store", "BER-1"));
        assertThat(join.status()).as(join.toString()).isEqualTo(201);
        var give = marketer.post("/api/v1/loyalty/members/" + loyaltyId + "/adjustments",
                Map.of("points", points, "reason", "opening balance"));
        assertThat(give.status()).as(give.toString()).isEqualTo(200);
        return loyaltyId;
    }

    @Test
    void tiersBySpendRiseAtOnceRefundsLowerTheSpendAndTheTierFallsOnlyAtThePeriodsEnd() {
        programme(Map.of("tierBasis", "spend", "tierMonths", 12, "tiers", List.of(
                Map.of("name", "Silver", "threshold", 3000), Map.of("name", "Gold", "threshold", 8000))));
        assertThat(marketer.get("/api/v1/loyalty/program").json().path("tierBasis").asString()).isEqualTo("spend");
        String loyaltyId = "L" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();

        String first = memberSale(loyaltyId); // 19.97 spent, 19 points
        assertThat(member(loyaltyId).path("tier").isNull()).isTrue();
        giveBack("refund", first, 998); // 9.99 spent, net
        memberSale(loyaltyId);
        assertThat(member(loyaltyId).path("tier").isNull()).as("29.96 less the 9.98 refunded is below 30.00")
                .isTrue();
        String third = memberSale(loyaltyId);
        assertThat(member(loyaltyId).path("tier").asString()).as("49.93 less 9.98: Silver at once")
                .isEqualTo("Silver");
        assertThat(member(loyaltyId).path("lifetime").asLong()).as("points are earned as ever").isEqualTo(19 * 3 - 9);

        JsonNode upgrade = marketer.get("/api/v1/loyalty/members/" + loyaltyId + "/ledger").json().path("tiers")
                .get(0);
        assertThat(upgrade.path("reason").asString()).isEqualTo("upgrade");
        assertThat(upgrade.path("basis").asString()).isEqualTo("spend");
        assertThat(upgrade.path("measured").asLong()).isEqualTo(1997 * 3 - 998);
        assertThat(upgrade.path("currency").asString()).isEqualTo("EUR");

        giveBack("void", third, 1997);
        assertThat(member(loyaltyId).path("tier").asString()).as("no fall before the period ends")
                .isEqualTo("Silver");
        sweep.run(Instant.now().plus(Duration.ofDays(370)));
        assertThat(member(loyaltyId).path("tier").isNull()).isTrue();
        JsonNode downgrade = marketer.get("/api/v1/loyalty/members/" + loyaltyId + "/ledger").json().path("tiers")
                .get(0);
        assertThat(downgrade.path("reason").asString()).isEqualTo("downgrade");
        assertThat(downgrade.path("basis").asString()).isEqualTo("spend");
        assertThat(downgrade.path("measured").asLong()).isZero();

        var wrong = marketer.put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1,
                "unit", 100, "tierBasis", "visits"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.errorFields()).containsExactly("tierBasis");
    }

    @Test
    void aSaleInAnotherCurrencyDoesNotCountTowardsATierBySpend() {
        programme(Map.of("tierBasis", "spend", "tiers", List.of(Map.of("name", "Silver", "threshold", 1000)),
                "rates", List.of(Map.of("currency", "USD", "pointsPerUnit", 1, "unit", 100))));
        String loyaltyId = "L" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Map<String, Object> dollars = new HashMap<>(sale(tx(), Map.of("loyaltyId", loyaltyId), "print", false));
        dollars.put("currency", "USD");
        ring(dollars);
        feed.drain();
        assertThat(member(loyaltyId).path("available").asLong()).as("earns at its own rate").isEqualTo(19);
        assertThat(member(loyaltyId).path("tier").isNull()).as("dollars are not euros").isTrue();
        memberSale(loyaltyId);
        assertThat(member(loyaltyId).path("tier").asString()).isEqualTo("Silver");
    }

    @Test
    void pointsPayPartOfASaleAtTheFixedRateOnceAndComeBackInProportionWhenItIsRefunded() {
        programme(Map.of("payment", Map.of("points", 3, "amount", 2))); // 3 points pay 2 cents
        String loyaltyId = joined(1000);
        JsonNode worth = member(loyaltyId).path("worth");
        assertThat(worth.path("amount").asLong()).as("333 steps of 3 points, 2 cents each").isEqualTo(666);
        assertThat(worth.path("currency").asString()).isEqualTo("EUR");

        String tx = tx();
        Map<String, Object> pay = Map.of("loyaltyId", loyaltyId, "amount", 150, "currency", "EUR", "store", "BER-1",
                "transactionId", tx);
        var paid = till.post("/api/v1/loyalty/redemptions", pay);
        assertThat(paid.status()).as(paid.toString()).isEqualTo(200);
        assertThat(paid.json().path("points").asLong()).isEqualTo(225);
        assertThat(paid.json().path("amount").asLong()).isEqualTo(150);
        assertThat(paid.json().path("currency").asString()).isEqualTo("EUR");
        assertThat(paid.json().path("available").asLong()).isEqualTo(775);
        var again = till.post("/api/v1/loyalty/redemptions", pay);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.json().path("amount").asLong()).isEqualTo(150);
        assertThat(member(loyaltyId).path("available").asLong()).as("paid once").isEqualTo(775);
        assertThat(member(loyaltyId).path("worth").path("amount").asLong()).isEqualTo(516);

        ring(sale(tx, Map.of(), "print", false));
        giveBack("refund", tx, 998);
        assertThat(member(loyaltyId).path("available").asLong()).as("225 × 998 / 1997 = 112 points back")
                .isEqualTo(775 + 112);
    }

    @Test
    void badPaymentsAreRefusedByFieldAndLeaveTheLedgerAlone() {
        programme(Map.of("payment", Map.of("points", 3, "amount", 2)));
        String loyaltyId = joined(30);
        var fraction = till.post("/api/v1/loyalty/redemptions", Map.of("loyaltyId", loyaltyId, "amount", 3,
                "store", "BER-1", "transactionId", tx()));
        assertThat(fraction.status()).isEqualTo(400);
        assertThat(fraction.errorFields()).containsExactly("amount");
        var dollars = till.post("/api/v1/loyalty/redemptions", Map.of("loyaltyId", loyaltyId, "amount", 2,
                "currency", "USD", "store", "BER-1", "transactionId", tx()));
        assertThat(dollars.status()).isEqualTo(400);
        assertThat(dollars.errorFields()).containsExactly("currency");
        var both = till.post("/api/v1/loyalty/redemptions", Map.of("loyaltyId", loyaltyId, "amount", 2,
                "points", 3, "store", "BER-1", "transactionId", tx()));
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.errorFields()).containsExactly("amount");
        var tooMuch = till.post("/api/v1/loyalty/redemptions", Map.of("loyaltyId", loyaltyId, "amount", 22,
                "store", "BER-1", "transactionId", tx()));
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.json().path("type").asString()).endsWith("loyalty-balance-short");
        assertThat(tooMuch.json().path("asked").asLong()).isEqualTo(33);
        assertThat(member(loyaltyId).path("available").asLong()).isEqualTo(30);

        programme(Map.of());
        var off = till.post("/api/v1/loyalty/redemptions", Map.of("loyaltyId", loyaltyId, "amount", 2,
                "store", "BER-1", "transactionId", tx()));
        assertThat(off.status()).isEqualTo(400);
        assertThat(off.errorFields()).containsExactly("amount");
        assertThat(member(loyaltyId).path("worth").isNull()).as("no rate, no worth").isTrue();
        assertThat(marketer.get("/api/v1/loyalty/members/" + loyaltyId + "/ledger").json().path("entries").size())
                .as("only the opening balance").isEqualTo(1);
    }

    @Test
    void twoTillsPayingWithOneBalanceNeverOverdrawIt() throws Exception {
        programme(Map.of("payment", Map.of("points", 3, "amount", 2)));
        String loyaltyId = joined(30);
        AtomicInteger n = new AtomicInteger();
        List<Integer> answers = concurrently(20, () -> till.post("/api/v1/loyalty/redemptions",
                Map.of("loyaltyId", loyaltyId, "amount", 2, "store", "BER-1",
                        "transactionId", "pay-" + loyaltyId + "-" + n.incrementAndGet())).status());
        assertThat(answers).containsOnly(200, 409);
        assertThat(answers.stream().filter(s -> s == 200).count()).isEqualTo(10);
        assertThat(member(loyaltyId).path("available").asLong()).isZero();
    }

    @Test
    void theClubsConsentIsAskedApartFromMarketingAtTheTill() {
        programme(Map.of());
        String loyaltyId = "L" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String email = "club-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
        var join = till.post("/api/v1/loyalty/members", Map.of("loyaltyId", loyaltyId, "store", "BER-1",
                "email", email, "consents", List.of(Map.of("channel", "email", "granted", true,
                        "wordingVersion", "club-2026-01"))));
        assertThat(join.status()).as(join.toString()).isEqualTo(201);

        long deadline = System.currentTimeMillis() + 20_000;
        JsonNode club;
        do {
            assertThat(System.currentTimeMillis()).as("the tick reaches the consent ledger").isLessThan(deadline);
            sleep(50);
            club = tenant.admin().post("/api/v1/consent/check", Map.of("channel", "email", "purpose", "loyalty",
                    "address", email)).json();
        } while (!club.path("allowed").asBoolean());
        assertThat(club.path("reason").asString()).isEqualTo("granted");
        JsonNode marketing = tenant.admin().post("/api/v1/consent/check", Map.of("channel", "email",
                "purpose", "marketing", "address", email)).json();
        assertThat(marketing.path("allowed").asBoolean()).as("the club's consent is not the shop's newsletter")
                .isFalse();
        assertThat(marketing.path("reason").asString()).isEqualTo("no_consent");

        var wrong = till.post("/api/v1/loyalty/members", Map.of("loyaltyId", loyaltyId, "store", "BER-1",
                "consents", List.of(Map.of("channel", "fax", "granted", true, "wordingVersion", "club-2026-01"))));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.errorFields()).containsExactly("consents[0].channel");
    }

    @Test
    void theClubsConsentAskedAgainAndSentTwiceIsRecordedOnce() {
        programme(Map.of());
        String loyaltyId = "L" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        assertThat(till.post("/api/v1/loyalty/members", Map.of("loyaltyId", loyaltyId, "store", "BER-1")).status())
                .isEqualTo(201);
        Map<String, Object> asked = Map.of("loyaltyId", loyaltyId, "store", "BER-1", "consents",
                List.of(Map.of("channel", "email", "granted", true, "wordingVersion", "club-2026-01")));
        assertThat(till.post("/api/v1/loyalty/members", asked).status()).isEqualTo(200);
        assertThat(till.post("/api/v1/loyalty/members", asked).status()).as("the till sends it again").isEqualTo(200);
        var changed = till.post("/api/v1/loyalty/members", Map.of("loyaltyId", loyaltyId, "store", "BER-1",
                "consents", List.of(Map.of("channel", "email", "granted", false, "wordingVersion", "club-2026-01"))));
        assertThat(changed.status()).isEqualTo(200);

        // the changed answer went last: once it is there, a second copy of the first would be too
        long deadline = System.currentTimeMillis() + 20_000;
        while (consentEvents().size() < 2) {
            assertThat(System.currentTimeMillis()).as("the answers are recorded").isLessThan(deadline);
            sleep(50);
        }
        List<String> answers = consentEvents();
        assertThat(answers).hasSize(2);
        assertThat(answers.get(0).replace(" ", "")).contains("\"granted\":true");
        assertThat(answers.get(1).replace(" ", "")).contains("\"granted\":false");
    }

    @Test
    void aJoinWithTheClubsConsentSentTwiceRecordsNoSecondAnswer() {
        programme(Map.of());
        String loyaltyId = "L" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Map<String, Object> join = Map.of("loyaltyId", loyaltyId, "store", "BER-1", "consents",
                List.of(Map.of("channel", "email", "granted", true, "wordingVersion", "club-2026-01")));
        assertThat(till.post("/api/v1/loyalty/members", join).status()).isEqualTo(201);
        assertThat(till.post("/api/v1/loyalty/members", join).status()).as("the till sends it again").isEqualTo(200);
        var changed = till.post("/api/v1/loyalty/members", Map.of("loyaltyId", loyaltyId, "store", "BER-1",
                "consents", List.of(Map.of("channel", "email", "granted", false, "wordingVersion", "club-2026-01"))));
        assertThat(changed.status()).isEqualTo(200);

        // the changed answer went last: once it is there, a copy of the sign-up's answer would be too
        long deadline = System.currentTimeMillis() + 20_000;
        while (consentEvents().isEmpty()) {
            assertThat(System.currentTimeMillis()).as("the changed answer is recorded").isLessThan(deadline);
            sleep(50);
        }
        List<String> answers = consentEvents();
        assertThat(answers).hasSize(1);
        assertThat(answers.get(0).replace(" ", "")).contains("\"granted\":false");
    }

    private List<String> consentEvents() {
        return jdbc.sql("SELECT properties FROM capture_event WHERE tenant_id = :t AND type = 'loyalty.consent'"
                + " ORDER BY seq").param("t", tenant.id()).query(String.class).list();
    }
}

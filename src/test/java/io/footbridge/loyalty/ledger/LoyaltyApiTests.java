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
 * The loyalty programme end to end over HTTP: sales rung up at the till earn, refunds and voids take back, the till
 * spends points once per sale and never below zero, staff adjust with a reason, points expire and tiers move.
 */
class LoyaltyApiTests extends LoyaltyTestSupport {

    @Autowired
    LoyaltySweep sweep;

    private void give(String loyaltyId, long points) {
        var response = marketer.post("/api/v1/loyalty/members/" + loyaltyId + "/adjustments",
                Map.of("points", points, "reason", "welcome gift"));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    @Test
    void theProgrammeIsSetAndReadBackAndBadProgrammesAreRefusedByField() {
        programme(Map.of("tiers", List.of(Map.of("name", "Silver", "threshold", 100),
                Map.of("name", "Gold", "threshold", 1000)), "pendingDays", 14, "expiry", Map.of("months", 24)));
        JsonNode read = marketer.get("/api/v1/loyalty/program").json();
        assertThat(read.path("currency").asString()).isEqualTo("EUR");
        assertThat(read.path("unit").asLong()).isEqualTo(100);
        assertThat(read.path("tiers").get(1).path("name").asString()).isEqualTo("Gold");
        assertThat(read.path("pendingDays").asInt()).isEqualTo(14);

        var missing = marketer.put("/api/v1/loyalty/program", Map.of("pointsPerUnit", 1, "unit", 100));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorFields()).contains("currency");
        var wrongType = marketer.put("/api/v1/loyalty/program", "{\"currency\":\"EUR\",\"pointsPerUnit\":\"many\","
                + "\"unit\":100}");
        assertThat(wrongType.status()).as(wrongType.toString()).isEqualTo(400);
        assertThat(wrongType.toString()).contains("pointsPerUnit");
        var malformed = marketer.put("/api/v1/loyalty/program", "{\"currency\":");
        assertThat(malformed.status()).isEqualTo(400);
        var descending = marketer.put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1,
                "unit", 100, "tiers", List.of(Map.of("name", "Gold", "threshold", 1000),
                        Map.of("name", "Silver", "threshold", 100))));
        assertThat(descending.status()).isEqualTo(400);
        assertThat(descending.errorFields()).containsExactly("tiers[1].threshold");
        // offers and events name tiers in lists that the console types comma-separated
        var comma = marketer.put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1,
                "unit", 100, "tiers", List.of(Map.of("name", "Gold, Plus", "threshold", 1000))));
        assertThat(comma.status()).isEqualTo(400);
        assertThat(comma.errorFields()).containsExactly("tiers[0].name");
        assertThat(marketer.get("/api/v1/loyalty/program").json().path("pendingDays").asInt()).isEqualTo(14);
    }

    @Test
    void aSaleEarnsOnceEvenWhenSentTwiceAndARefundTakesBackInProportion() {
        programme(Map.of());
        String loyaltyId = number();
        String tx = tx();
        Map<String, Object> sale = sale(tx, Map.of("loyaltyId", loyaltyId), "print", false);
        ring(sale);
        var again = till.post("/api/v1/transactions", sale);
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        feed.drain();
        JsonNode member = member(loyaltyId);
        assertThat(member.path("available").asLong()).isEqualTo(19); // 19.97 at 1 point per euro
        assertThat(member.path("lifetime").asLong()).isEqualTo(19);
        assertThat(member.path("loyaltyId").asString()).isEqualTo(loyaltyId);

        var refund = till.post("/api/v1/transactions", Map.of("transactionId", tx(), "type", "refund",
                "originalTransactionId", tx, "store", "BER-1", "occurredAt", Instant.now().minusSeconds(5)
                        .truncatedTo(ChronoUnit.SECONDS).toString(), "currency", "EUR", "total", 998));
        assertThat(refund.status()).as(refund.toString()).isEqualTo(201);
        feed.drain();
        feed.drain();
        assertThat(member(loyaltyId).path("available").asLong()).isEqualTo(19 - 9); // 998 of 1997 back: 9 of 19

        String voided = memberSale(loyaltyId);
        assertThat(member(loyaltyId).path("available").asLong()).isEqualTo(10 + 19);
        var voiding = till.post("/api/v1/transactions", Map.of("transactionId", tx(), "type", "void",
                "originalTransactionId", voided, "store", "BER-1", "occurredAt", Instant.now().minusSeconds(5)
                        .truncatedTo(ChronoUnit.SECONDS).toString(), "currency", "EUR", "total", 1997));
        assertThat(voiding.status()).as(voiding.toString()).isEqualTo(201);
        feed.drain();
        JsonNode after = member(loyaltyId);
        assertThat(after.path("available").asLong()).isEqualTo(10);
        assertThat(after.path("lifetime").asLong()).isEqualTo(10);

        var ledger = marketer.get("/api/v1/loyalty/members/" + loyaltyId + "/ledger").json().path("entries");
        assertThat(ledger.size()).isEqualTo(4);
        assertThat(ledger.findValuesAsString("kind")).containsExactlyInAnyOrder("earn", "earn", "reverse", "reverse");
        assertThat(ledger.findValuesAsString("source")).contains("sale", "refund", "void");
    }

    @Test
    void theTillSpendsPointsOnceAndIsRefusedWhenTheBalanceIsShortLeavingTheLedgerAlone() {
        programme(Map.of("rewards", List.of(Map.of("id", "coffee", "name", "Free coffee", "points", 15))));
        String loyaltyId = number();
        memberSale(loyaltyId);
        JsonNode member = member(loyaltyId);
        assertThat(member.path("rewards").findValuesAsString("id")).containsExactly("coffee");

        String spendTx = tx();
        Map<String, Object> spend = Map.of("loyaltyId", loyaltyId, "points", 10, "store", "BER-1",
                "transactionId", spendTx);
        var first = till.post("/api/v1/loyalty/redemptions", spend);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().path("available").asLong()).isEqualTo(9);
        var replay = till.post("/api/v1/loyalty/redemptions", spend);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.json().path("available").asLong()).isEqualTo(9);
        assertThat(member(loyaltyId).path("available").asLong()).isEqualTo(9);
        assertThat(member(loyaltyId).path("rewards").size()).isZero();

        var tooMuch = till.post("/api/v1/loyalty/redemptions", Map.of("loyaltyId", loyaltyId, "points", 10,
                "store", "BER-1", "transactionId", tx()));
        assertThat(tooMuch.status()).as(tooMuch.toString()).isEqualTo(409);
        assertThat(tooMuch.json().path("type").asString()).endsWith("/loyalty-balance-short");
        assertThat(tooMuch.json().path("available").asLong()).isEqualTo(9);
        var reward = till.post("/api/v1/loyalty/redemptions", Map.of("loyaltyId", loyaltyId, "reward", "coffee",
                "store", "BER-1", "transactionId", tx()));
        assertThat(reward.status()).isEqualTo(409);
        assertThat(member(loyaltyId).path("available").asLong()).isEqualTo(9);

        var rollback = till.post("/api/v1/loyalty/redemptions/" + spendTx + "/rollback", Map.of());
        assertThat(rollback.status()).as(rollback.toString()).isEqualTo(200);
        assertThat(rollback.json().path("available").asLong()).isEqualTo(19);
        var again = till.post("/api/v1/loyalty/redemptions/" + spendTx + "/rollback", Map.of());
        assertThat(again.json().path("returned").asLong()).isZero();
        assertThat(member(loyaltyId).path("available").asLong()).isEqualTo(19);
    }

    @Test
    void pointsSpentOnASaleThatIsVoidedComeBack() {
        programme(Map.of());
        String loyaltyId = number();
        memberSale(loyaltyId);
        String tx = tx();
        var spend = till.post("/api/v1/loyalty/redemptions", Map.of("loyaltyId", loyaltyId, "points", 5,
                "store", "BER-1", "transactionId", tx));
        assertThat(spend.status()).isEqualTo(200);
        ring(sale(tx, Map.of(), "print", false));
        var voiding = till.post("/api/v1/transactions", Map.of("transactionId", tx(), "type", "void",
                "originalTransactionId", tx, "store", "BER-1", "occurredAt", Instant.now().minusSeconds(5)
                        .truncatedTo(ChronoUnit.SECONDS).toString(), "currency", "EUR", "total", 1997));
        assertThat(voiding.status()).isEqualTo(201);
        feed.drain();
        assertThat(member(loyaltyId).path("available").asLong()).isEqualTo(19);
    }

    @Test
    void aHundredConcurrentSpendsNeverOverdrawOneBalance() throws Exception {
        programme(Map.of());
        String loyaltyId = number();
        var join = till.post("/api/v1/loyalty/members", Map.of("loyaltyId", loyaltyId, "store", "BER-1"));
        assertThat(join.status()).as(join.toString()).isEqualTo(201);
        give(loyaltyId, 50);
        AtomicInteger n = new AtomicInteger();
        List<Integer> answers = concurrently(100, () -> till.post("/api/v1/loyalty/redemptions",
                Map.of("loyaltyId", loyaltyId, "points", 1, "store", "BER-1",
                        "transactionId", "spend-" + loyaltyId + "-" + n.incrementAndGet())).status());
        assertThat(answers).containsOnly(200, 409);
        assertThat(answers.stream().filter(s -> s == 200).count()).isEqualTo(50);
        assertThat(member(loyaltyId).path("available").asLong()).isZero();
    }

    @Test
    void staffAdjustWithAReasonAndOnlyATenantAdminMayGoIntoDebt() {
        programme(Map.of());
        String loyaltyId = number();
        till.post("/api/v1/loyalty/members", Map.of("loyaltyId", loyaltyId, "store", "BER-1"));
        give(loyaltyId, 30);
        var beyond = marketer.post("/api/v1/loyalty/members/" + loyaltyId + "/adjustments",
                Map.of("points", -40, "reason", "correction"));
        assertThat(beyond.status()).isEqualTo(409);
        var noReason = marketer.post("/api/v1/loyalty/members/" + loyaltyId + "/adjustments", Map.of("points", -4));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.errorFields()).contains("reason");
        var marketerDebt = marketer.post("/api/v1/loyalty/members/" + loyaltyId + "/adjustments",
                Map.of("points", -40, "reason", "correction", "allowDebt", true));
        assertThat(marketerDebt.status()).isEqualTo(403);
        assertThat(member(loyaltyId).path("available").asLong()).isEqualTo(30);
        var adminDebt = tenant.admin().post("/api/v1/loyalty/members/" + loyaltyId + "/adjustments",
                Map.of("points", -40, "reason", "fraudulent returns", "allowDebt", true));
        assertThat(adminDebt.status()).as(adminDebt.toString()).isEqualTo(200);
        assertThat(member(loyaltyId).path("available").asLong()).isEqualTo(-10);
        JsonNode entry = marketer.get("/api/v1/loyalty/members/" + loyaltyId + "/ledger").json().path("entries").get(0);
        assertThat(entry.path("kind").asString()).isEqualTo("adjust");
        assertThat(entry.path("reason").asString()).isEqualTo("fraudulent returns");
    }

    @Test
    void aSaleInACurrencyWithoutARateEarnsNothingRatherThanMixingCurrencies() {
        programme(Map.of("rates", List.of(Map.of("currency", "CHF", "pointsPerUnit", 2, "unit", 100))));
        String loyaltyId = number();
        String chf = tx();
        Map<String, Object> sale = new HashMap<>(sale(chf, Map.of("loyaltyId", loyaltyId), "print", false));
        sale.put("currency", "CHF");
        ring(sale);
        Map<String, Object> usd = new HashMap<>(sale(tx(), Map.of("loyaltyId", loyaltyId), "print", false));
        usd.put("currency", "USD");
        ring(usd);
        feed.drain();
        assertThat(member(loyaltyId).path("available").asLong()).isEqualTo(39); // 19.97 CHF at 2 a franc; USD none
    }

    @Test
    void pendingPointsCannotBeSpentUntilTheReturnWindowEnds() {
        programme(Map.of("pendingDays", 14));
        String loyaltyId = number();
        memberSale(loyaltyId);
        JsonNode member = member(loyaltyId);
        assertThat(member.path("pending").asLong()).isEqualTo(19);
        assertThat(member.path("available").asLong()).isZero();
        var spend = till.post("/api/v1/loyalty/redemptions", Map.of("loyaltyId", loyaltyId, "points", 1,
                "store", "BER-1", "transactionId", tx()));
        assertThat(spend.status()).isEqualTo(409);
    }

    @Test
    void multipliersBonusesAndTheDailyCapShapeWhatIsEarned() {
        programme(Map.of("multipliers", List.of(Map.of("category", "hair", "factor", 2)),
                "bonuses", Map.of("wifi.login", 7, "join", 5), "dailyCap", 40));
        String loyaltyId = number();
        memberSale(loyaltyId);
        // hair lines 998 × 2 + tools 999 = 2995 → 29, plus 5 for joining
        assertThat(member(loyaltyId).path("available").asLong()).isEqualTo(34);
        var login = tenant.admin().post("/api/v1/events", Map.of("eventId", UUID.randomUUID().toString(),
                "type", "wifi.login", "store", "BER-1", "occurredAt", Instant.now().minusSeconds(10).toString(),
                "identifiers", Map.of("loyaltyId", loyaltyId, "deviceId", "dev-" + loyaltyId)));
        assertThat(login.status()).as(login.toString()).isEqualTo(201);
        feed.drain();
        assertThat(member(loyaltyId).path("available").asLong()).isIn(40L, 34L + 7); // capped at 40 a day (the store's)
        memberSale(loyaltyId);
        assertThat(member(loyaltyId).path("available").asLong()).isLessThanOrEqualTo(40 + 29);
        long today = member(loyaltyId).path("available").asLong();
        assertThat(today).isEqualTo(40); // all today, unless the store's day turned over mid-test
    }

    @Test
    void theDailyCapCountsTheStoresDayNotTheUtcDay() {
        programme(Map.of("dailyCap", 30));
        String loyaltyId = number();
        // 23:30 and 00:30 in Berlin (one or two hours ahead of UTC): one UTC day, two days of the store
        java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin");
        java.time.LocalDate day = java.time.LocalDate.now(berlin).minusDays(2);
        for (java.time.LocalDateTime local : List.of(day.atTime(23, 30), day.plusDays(1).atTime(0, 30))) {
            Map<String, Object> sale = sale(tx(), Map.of("loyaltyId", loyaltyId), "print", false);
            sale.put("occurredAt", local.atZone(berlin).toInstant().toString());
            ring(sale);
        }
        feed.drain();
        // 1997 minor units earn 19 each; under a cap of 30 a day both count in full (one day: 19 + 11)
        assertThat(member(loyaltyId).path("lifetime").asLong()).isEqualTo(38);
    }

    @Test
    void tiersRiseAtOnceAndFallOnlyWhenThePeriodEnds() {
        programme(Map.of("tiers", List.of(Map.of("name", "Silver", "threshold", 15),
                Map.of("name", "Gold", "threshold", 35)), "tierMonths", 12));
        String loyaltyId = number();
        memberSale(loyaltyId);
        assertThat(member(loyaltyId).path("tier").asString()).isEqualTo("Silver");
        memberSale(loyaltyId);
        assertThat(member(loyaltyId).path("tier").asString()).isEqualTo("Gold");

        sweep.run(Instant.now().plus(Duration.ofDays(200)));
        assertThat(member(loyaltyId).path("tier").asString()).isEqualTo("Gold");
        sweep.run(Instant.now().plus(Duration.ofDays(370)));
        assertThat(member(loyaltyId).path("tier").isNull()).isTrue();
        JsonNode tiers = marketer.get("/api/v1/loyalty/members/" + loyaltyId + "/ledger").json().path("tiers");
        assertThat(tiers.findValuesAsString("to")).hasSize(3);
        assertThat(tiers.get(0).path("reason").asString()).isEqualTo("downgrade");
    }

    @Test
    void aTiersMultiplierIsABenefitOnTheSalesItsMembersMakeOnceTheyHoldIt() {
        programme(Map.of("tiers", List.of(Map.of("name", "Silver", "threshold", 15, "multiplier", 2))));
        String loyaltyId = number();
        memberSale(loyaltyId);
        long first = member(loyaltyId).path("lifetime").asLong();
        assertThat(first).as("a 19.97 sale at 1 point a euro, before any tier").isEqualTo(19);
        assertThat(member(loyaltyId).path("tier").asString()).isEqualTo("Silver");
        memberSale(loyaltyId);
        assertThat(member(loyaltyId).path("lifetime").asLong() - first).as("twice as much as Silver").isEqualTo(39);

        var tooLittle = marketer.put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1,
                "unit", 100, "tiers", List.of(Map.of("name", "Silver", "threshold", 15, "multiplier", 0.5))));
        assertThat(tooLittle.status()).isEqualTo(400);
        assertThat(tooLittle.errorFields()).containsExactly("tiers[0].multiplier");
    }

    @Test
    void aGracePeriodKeepsTheTierAfterThePeriodEndsAndTheHistorySaysSo() {
        programme(Map.of("tiers", List.of(Map.of("name", "Silver", "threshold", 15),
                Map.of("name", "Gold", "threshold", 35)), "tierMonths", 12, "tierGraceMonths", 3));
        String loyaltyId = number();
        memberSale(loyaltyId);
        memberSale(loyaltyId);
        assertThat(member(loyaltyId).path("tier").asString()).isEqualTo("Gold");

        Instant periodEnd = Instant.now().plus(Duration.ofDays(370));
        sweep.run(periodEnd);
        assertThat(member(loyaltyId).path("tier").asString()).as("kept in the grace period").isEqualTo("Gold");
        sweep.run(periodEnd.plus(Duration.ofDays(40)));
        assertThat(member(loyaltyId).path("tier").asString()).as("still within three months").isEqualTo("Gold");
        sweep.run(periodEnd.plus(Duration.ofDays(100)));
        assertThat(member(loyaltyId).path("tier").isNull()).as("down once the grace period ends").isTrue();
        JsonNode tiers = marketer.get("/api/v1/loyalty/members/" + loyaltyId + "/ledger").json().path("tiers");
        assertThat(tiers.findValuesAsString("reason")).containsExactly("downgrade", "grace", "upgrade", "upgrade");
        assertThat(tiers.get(1).path("to").asString()).isEqualTo("Gold");

        var tooLong = marketer.put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1,
                "unit", 100, "tierGraceMonths", 25));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.errorFields()).containsExactly("tierGraceMonths");
    }

    @Test
    void pointsExpireOldestFirstAfterTheirMonths() {
        programme(Map.of("expiry", Map.of("months", 1)));
        String loyaltyId = number();
        memberSale(loyaltyId);
        var spend = till.post("/api/v1/loyalty/redemptions", Map.of("loyaltyId", loyaltyId, "points", 4,
                "store", "BER-1", "transactionId", tx()));
        assertThat(spend.status()).isEqualTo(200);
        sweep.run(Instant.now().plus(Duration.ofDays(20)));
        assertThat(member(loyaltyId).path("available").asLong()).isEqualTo(15);
        sweep.run(Instant.now().plus(Duration.ofDays(40)));
        sweep.run(Instant.now().plus(Duration.ofDays(41)));
        JsonNode member = member(loyaltyId);
        assertThat(member.path("available").asLong()).isZero(); // the 15 left of the sale's 19 lapsed
        assertThat(member.path("expired").asLong()).isEqualTo(15);
    }

    @Test
    void anotherTenantsTillCannotSeeOrSpendAMember() {
        programme(Map.of());
        String loyaltyId = number();
        memberSale(loyaltyId);
        TestTenant other = newTenant();
        other.createStore("BER-1");
        var otherTill = anonymous.bearer(other.createKey("till", "BER-1", "pos"));
        other.admin().put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1, "unit", 100));
        assertThat(otherTill.get("/api/v1/loyalty/members?loyaltyId=" + loyaltyId).status()).isEqualTo(404);
        var spend = otherTill.post("/api/v1/loyalty/redemptions", Map.of("loyaltyId", loyaltyId, "points", 1,
                "store", "BER-1", "transactionId", tx()));
        assertThat(spend.status()).isEqualTo(404);
        assertThat(member(loyaltyId).path("available").asLong()).isEqualTo(19);
    }

    @Test
    void badTillInputIsAnsweredWithProblemsNamingTheField() {
        programme(Map.of());
        String loyaltyId = number();
        memberSale(loyaltyId);
        var noStore = till.post("/api/v1/loyalty/redemptions", Map.of("loyaltyId", loyaltyId, "points", 1,
                "store", "NOPE", "transactionId", tx()));
        assertThat(noStore.status()).isEqualTo(400);
        assertThat(noStore.errorFields()).contains("store");
        var negative = till.post("/api/v1/loyalty/redemptions", Map.of("loyaltyId", loyaltyId, "points", -3,
                "store", "BER-1", "transactionId", tx()));
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.errorFields()).contains("points");
        var text = till.post("/api/v1/loyalty/redemptions", "{\"loyaltyId\":\"" + loyaltyId + "\",\"points\":\"x\","
                + "\"store\":\"BER-1\",\"transactionId\":\"t1\"}");
        assertThat(text.status()).isEqualTo(400);
        var unknownReward = till.post("/api/v1/loyalty/redemptions", Map.of("loyaltyId", loyaltyId,
                "reward", "yacht", "store", "BER-1", "transactionId", tx()));
        assertThat(unknownReward.status()).isEqualTo(400);
        assertThat(unknownReward.errorFields()).contains("reward");
        var unknownMember = till.post("/api/v1/loyalty/redemptions", Map.of("loyaltyId", "NOBODY-1", "points", 1,
                "store", "BER-1", "transactionId", tx()));
        assertThat(unknownMember.status()).isEqualTo(404);
        var bothOrNone = till.get("/api/v1/loyalty/members");
        assertThat(bothOrNone.status()).isEqualTo(400);
        var badProfile = till.get("/api/v1/loyalty/members?profileId=not-a-uuid");
        assertThat(badProfile.status()).isEqualTo(400);
        assertThat(badProfile.errorFields()).contains("profileId");
        var rollbackUnknown = till.post("/api/v1/loyalty/redemptions/nothing-here/rollback", Map.of());
        assertThat(rollbackUnknown.status()).isEqualTo(404);
        assertThat(member(loyaltyId).path("available").asLong()).isEqualTo(19);
    }

    @Test
    void aMemberIsFoundByTheirProfileOnceIdentityLinkedTheNumber() {
        programme(Map.of());
        String loyaltyId = number();
        String phone = "+4915112345" + (100 + new java.util.Random().nextInt(800));
        var join = till.post("/api/v1/loyalty/members", Map.of("loyaltyId", loyaltyId, "store", "BER-1",
                "phone", phone));
        assertThat(join.status()).as(join.toString()).isEqualTo(201);
        awaitResolved(tenant.id());
        JsonNode member = member(loyaltyId);
        var byPhone = till.get("/api/v1/loyalty/members?phone=" + phone.replace("+", "%2B"));
        assertThat(byPhone.status()).as(byPhone.toString()).isEqualTo(200);
        assertThat(byPhone.json().path("loyaltyId").asString()).isEqualTo(loyaltyId);
        var badPhone = till.post("/api/v1/loyalty/members", Map.of("loyaltyId", loyaltyId + "X", "store", "BER-1",
                "phone", "not a phone"));
        assertThat(badPhone.status()).isEqualTo(400);
        assertThat(badPhone.errorFields()).contains("phone");
        assertThat(member.path("profileId").isString()).isTrue();
        JsonNode byProfile = till.get("/api/v1/loyalty/members?profileId=" + member.path("profileId").asString())
                .json();
        assertThat(byProfile.path("loyaltyId").asString()).isEqualTo(loyaltyId);
        var rejoin = till.post("/api/v1/loyalty/members", Map.of("loyaltyId", loyaltyId, "store", "BER-1"));
        assertThat(rejoin.status()).isEqualTo(200);
    }

    @Test
    void aMembersPointsAreInTheirExportAndErasureDetachesTheMemberButKeepsThePoints() {
        programme(Map.of());
        String loyaltyId = number();
        memberSale(loyaltyId);
        awaitResolved(tenant.id());
        String profileId = member(loyaltyId).path("profileId").asString();
        var export = tenant.admin().get("/api/v1/profiles/" + profileId + "/export");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.toString()).contains("\"loyalty\"").contains(loyaltyId).contains("\"earn\"");
        var erased = tenant.admin().delete("/api/v1/profiles/" + profileId);
        assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
        assertThat(till.get("/api/v1/loyalty/members?loyaltyId=" + loyaltyId).status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM loyalty_member WHERE tenant_id = :t AND loyalty_id = :l")
                .param("t", tenant.id()).param("l", loyaltyId).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COALESCE(SUM(points), 0) FROM loyalty_entry WHERE tenant_id = :t")
                .param("t", tenant.id()).query(Long.class).single()).as("the points stay for the figures")
                .isEqualTo(19);
    }
}

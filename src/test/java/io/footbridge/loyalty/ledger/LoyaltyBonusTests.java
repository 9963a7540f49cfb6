package io.footbridge.loyalty.ledger;

import io.footbridge.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the programme gives beyond a sale's points, over HTTP: time-limited promotions on the store's clock, the
 * birthday bonus once a year on the member's day, and the referral bonus when a friend brought in first buys.
 */
class LoyaltyBonusTests extends LoyaltyTestSupport {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Autowired
    Birthdays birthdays;

    private List<JsonNode> entries(String loyaltyId, String source) {
        var ledger = tenant.admin().get("/api/v1/loyalty/members/" + loyaltyId + "/ledger");
        assertThat(ledger.status()).as(ledger.toString()).isEqualTo(200);
        List<JsonNode> found = new ArrayList<>();
        ledger.json().path("entries").forEach(e -> {
            if (e.path("source").asString().equals(source)) {
                found.add(e);
            }
        });
        return found;
    }

    private void saleAt(String loyaltyId, Instant at) {
        Map<String, Object> sale = sale(tx(), Map.of("loyaltyId", loyaltyId), "print", false);
        sale.put("occurredAt", at.toString());
        ring(sale);
    }

    @Test
    void aPromotionMultipliesSalesInItsHoursOnTheStoresClockForItsStoreAndCategory() {
        LocalDate day = LocalDate.now(BERLIN).minusDays(2);
        String from = day.atStartOfDay().toString();
        String to = day.plusDays(1).atStartOfDay().toString();
        programme(Map.of("promotions", List.of(
                Map.of("name", "Double day", "factor", 2, "from", from, "to", to),
                Map.of("name", "Hair week", "factor", 3, "category", "hair", "store", "BER-1", "from", from, "to", to),
                Map.of("name", "Hamburg only", "factor", 10, "store", "HAM-1", "from", from, "to", to))));
        String inside = number();
        String before = number();
        // 00:30 and 23:30 the evening before in Berlin: both on the same UTC day, only the first in the promotion
        saleAt(inside, day.atTime(0, 30).atZone(BERLIN).toInstant());
        saleAt(before, day.minusDays(1).atTime(23, 30).atZone(BERLIN).toInstant());
        feed.drain();
        // hair 998 × 3 (the best promotion for the line, not both) + tools 999 × 2 = 4992 → 49; Hamburg's not here
        assertThat(member(inside).path("available").asLong()).isEqualTo(49);
        assertThat(member(before).path("available").asLong()).isEqualTo(19);
    }

    @Test
    void aPromotionEndingBeforeItStartsOrWithoutADateIsRefusedByFieldAndTheProgrammeStays() {
        programme(Map.of("pendingDays", 3));
        var backwards = marketer.put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1,
                "unit", 100, "promotions", List.of(Map.of("name", "Oops", "factor", 2,
                        "from", "2026-12-05T00:00:00", "to", "2026-12-04T00:00:00"))));
        assertThat(backwards.status()).as(backwards.toString()).isEqualTo(400);
        assertThat(backwards.errorFields()).containsExactly("promotions[0].to");
        var undated = marketer.put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1,
                "unit", 100, "promotions", List.of(Map.of("name", "Oops", "factor", 2, "to", "2026-12-04T00:00:00"))));
        assertThat(undated.status()).as(undated.toString()).isEqualTo(400);
        assertThat(undated.errorFields()).containsExactly("promotions[0].from");
        var garbled = marketer.put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1,
                "unit", 100, "promotions", List.of(Map.of("name", "Oops", "factor", 2, "from", "this weekend",
                        "to", "2026-12-04T00:00:00"))));
        assertThat(garbled.status()).as(garbled.toString()).isEqualTo(400);
        assertThat(garbled.toString()).contains("from");
        var tooMuch = marketer.put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1,
                "unit", 100, "promotions", List.of(Map.of("name", "Oops", "factor", 1000,
                        "from", "2026-12-03T00:00:00", "to", "2026-12-04T00:00:00"))));
        assertThat(tooMuch.status()).isEqualTo(400);
        assertThat(tooMuch.errorFields()).containsExactly("promotions[0].factor");
        JsonNode kept = marketer.get("/api/v1/loyalty/program").json();
        assertThat(kept.path("pendingDays").asInt()).isEqualTo(3);
        assertThat(kept.path("promotions").size()).isZero();
    }

    @Test
    void theBirthdayBonusComesOnceAYearOnTheMembersDayInTheZoneOfTheStoreTheyJoinedAt() {
        programme(Map.of("bonuses", Map.of("loyalty.signup", 0, "birthday", 25)));
        LocalDate tenDaysAgo = LocalDate.now(BERLIN).minusDays(10);
        // a 29 February would be kept in 1990 as the 28th (the rule for those is tested below)
        LocalDate birthday = tenDaysAgo.getMonthValue() == 2 && tenDaysAgo.getDayOfMonth() == 29
                ? tenDaysAgo.minusDays(1) : tenDaysAgo;
        String loyaltyId = number();
        String other = number();
        signUp(loyaltyId, birthday.withYear(1990));
        signUp(other, birthday.plusDays(3).withYear(1985));
        awaitResolved(tenant.id());
        feed.drain();
        assertThat(member(loyaltyId).path("available").asLong()).isZero();

        // 23:30 the evening before in Berlin is already the day in UTC + 1 h … but not yet on the member's clock
        birthdays.give(birthday.minusDays(1).atTime(23, 30).atZone(BERLIN).toInstant());
        assertThat(member(loyaltyId).path("available").asLong()).isZero();
        birthdays.give(birthday.atTime(0, 30).atZone(BERLIN).toInstant());
        birthdays.give(birthday.atTime(12, 0).atZone(BERLIN).toInstant());
        assertThat(member(loyaltyId).path("available").asLong()).as("once on the day").isEqualTo(25);
        assertThat(entries(loyaltyId, "birthday")).hasSize(1);
        assertThat(member(other).path("available").asLong()).as("not their day").isZero();
        birthdays.give(birthday.plusYears(1).atTime(9, 0).atZone(BERLIN).toInstant());
        // given at next year's moment, so still ahead of today's clock: counted in the ledger, not yet available
        assertThat(entries(loyaltyId, "birthday")).as("again the next year").hasSize(2);
        assertThat(member(loyaltyId).path("lifetime").asLong()).isEqualTo(50);
    }

    @Test
    void twentyNinthOfFebruaryBirthdaysAreCelebratedOnTheTwentyEighthInOtherYears() {
        assertThat(Birthdays.celebrating(LocalDate.of(2027, 2, 28)))
                .containsExactly(java.time.MonthDay.of(2, 28), java.time.MonthDay.of(2, 29));
        assertThat(Birthdays.celebrating(LocalDate.of(2028, 2, 28))).containsExactly(java.time.MonthDay.of(2, 28));
        assertThat(Birthdays.celebrating(LocalDate.of(2028, 2, 29))).containsExactly(java.time.MonthDay.of(2, 29));
    }

    private void signUp(String loyaltyId, LocalDate born) {
        var sent = tenant.admin().post("/api/v1/events", Map.of("eventId", "e-" + UUID.randomUUID(),
                "type", "loyalty.signup", "store", "BER-1", "occurredAt", Instant.now().minusSeconds(60).toString(),
                "identifiers", Map.of("loyaltyId", loyaltyId, "email", loyaltyId.toLowerCase() + "@" + domain),
                "properties", Map.of("birthDate", born.toString())));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
    }

    @Test
    void aReferrerEarnsOnceWhenTheFriendTheyBroughtFirstBuysAndABadCodeIsRefusedWithNothingMade() {
        programme(Map.of("bonuses", Map.of("referral", 100)));
        String referrer = number();
        assertThat(till.post("/api/v1/loyalty/members", Map.of("loyaltyId", referrer, "store", "BER-1")).status())
                .isEqualTo(201);
        var asked = till.get("/api/v1/loyalty/members/" + referrer + "/referral");
        assertThat(asked.status()).as(asked.toString()).isEqualTo(200);
        String code = asked.json().path("code").asString();
        assertThat(code).hasSize(8).isNotEqualTo(referrer);
        assertThat(till.get("/api/v1/loyalty/members/" + referrer + "/referral").json().path("code").asString())
                .as("the same code each time").isEqualTo(code);

        String stranger = number();
        var bad = till.post("/api/v1/loyalty/members", Map.of("loyaltyId", stranger, "store", "BER-1",
                "referralCode", "NOPE2345"));
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.errorFields()).containsExactly("referralCode");
        assertThat(till.get("/api/v1/loyalty/members?loyaltyId=" + stranger).status()).isEqualTo(404);

        String friend = number();
        var joined = till.post("/api/v1/loyalty/members", Map.of("loyaltyId", friend, "store", "BER-1",
                "referralCode", code.toLowerCase()));
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
        assertThat(member(referrer).path("available").asLong()).as("not before the friend buys").isZero();
        saleAt(friend, Instant.now().minusSeconds(30));
        saleAt(friend, Instant.now().minusSeconds(20));
        feed.drain();
        assertThat(member(referrer).path("available").asLong()).as("once, however often they buy").isEqualTo(100);
        assertThat(member(friend).path("available").asLong()).isEqualTo(38);

        // a friend signing up elsewhere (an event with the code) counts too; one who had bought before does not
        String online = number();
        var sent = tenant.admin().post("/api/v1/events", Map.of("eventId", "e-" + UUID.randomUUID(),
                "type", "loyalty.signup", "store", "BER-1", "occurredAt", Instant.now().minusSeconds(60).toString(),
                "identifiers", Map.of("loyaltyId", online), "properties", Map.of("referralCode", code)));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        feed.drain();
        saleAt(online, Instant.now().minusSeconds(10));
        String regular = number();
        saleAt(regular, Instant.now().minusSeconds(10));
        feed.drain();
        assertThat(till.post("/api/v1/loyalty/members", Map.of("loyaltyId", regular, "store", "BER-1",
                "referralCode", code)).status()).isEqualTo(200);
        saleAt(regular, Instant.now().minusSeconds(5));
        feed.drain();
        assertThat(member(referrer).path("available").asLong()).isEqualTo(200);
        assertThat(entries(referrer, "referral")).hasSize(2);

        JsonNode referral = till.get("/api/v1/loyalty/members/" + referrer + "/referral").json();
        assertThat(referral.path("joined").asLong()).isEqualTo(2);
        assertThat(referral.path("bought").asLong()).isEqualTo(2);
        assertThat(till.get("/api/v1/loyalty/members/" + friend + "/referral").json().path("referredBy").asString())
                .isEqualTo(referrer);

        String url = till.get("/api/v1/loyalty/members/" + referrer + "/page").json().path("url").asString();
        String html = anonymous.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + url.substring(url.indexOf("/club/")))).GET()).raw().body();
        assertThat(html).as("the code on the member's own page").contains("id=\"referral-code\">" + code + "<")
                .contains("for a friend you brought");
        assertThat(referralOf(anotherTenantsTill(), referrer)).as("another tenant sees nothing").isEqualTo(404);
    }

    private String referralCode(String loyaltyId) {
        var asked = till.get("/api/v1/loyalty/members/" + loyaltyId + "/referral");
        assertThat(asked.status()).as(asked.toString()).isEqualTo(200);
        return asked.json().path("code").asString();
    }

    private void join(String loyaltyId, String email, String referralCode) {
        Map<String, Object> body = new HashMap<>(Map.of("loyaltyId", loyaltyId, "store", "BER-1", "email", email));
        if (referralCode != null) {
            body.put("referralCode", referralCode);
        }
        var joined = till.post("/api/v1/loyalty/members", body);
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
    }

    private String profileOf(String loyaltyId) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (member(loyaltyId).path("profileId").isNull()) {
            assertThat(System.currentTimeMillis()).as("identity links " + loyaltyId).isLessThan(deadline);
            sleep(50);
        }
        return member(loyaltyId).path("profileId").asString();
    }

    /** Staff find two profiles are one person holding two cards, and merge them. */
    private void mergeByStaff(String loyaltyId, String otherLoyaltyId) {
        var merged = tenant.admin().post("/api/v1/profiles/" + profileOf(otherLoyaltyId) + "/merge",
                Map.of("profileId", profileOf(loyaltyId)));
        assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
        long deadline = System.currentTimeMillis() + 20_000;
        while (!member(loyaltyId).path("profileId").equals(member(otherLoyaltyId).path("profileId"))) {
            assertThat(System.currentTimeMillis()).as("both cards are the person's").isLessThan(deadline);
            sleep(50);
        }
    }

    private void refund(String transactionId) {
        var sent = till.post("/api/v1/transactions", Map.of("transactionId", tx(), "type", "refund",
                "originalTransactionId", transactionId, "store", "BER-1", "occurredAt", Instant.now()
                        .minusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
                "currency", "EUR", "total", 1997));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
    }

    @Test
    void aReferralBonusIsPendingLikeTheSalesPointsAndGoesWhenTheFriendsPurchaseIsUndone() {
        programme(Map.of("bonuses", Map.of("referral", 100), "pendingDays", 14));
        String referrer = number();
        join(referrer, referrer.toLowerCase() + "@" + domain, null);
        String friend = number();
        join(friend, friend.toLowerCase() + "@" + domain, referralCode(referrer));
        String bought = tx();
        Map<String, Object> sale = sale(bought, Map.of("loyaltyId", friend), "print", false);
        ring(sale);
        feed.drain();
        JsonNode paid = member(referrer);
        assertThat(paid.path("available").asLong()).as("not spendable within the return window").isZero();
        assertThat(paid.path("pending").asLong()).isEqualTo(100);

        refund(bought);
        feed.drain();
        JsonNode taken = member(referrer);
        assertThat(taken.path("pending").asLong()).as("the friend gave everything back").isZero();
        assertThat(taken.path("lifetime").asLong()).isZero();
        assertThat(entries(referrer, "referral-refund")).hasSize(1);
    }

    @Test
    void aMemberReferringTheirOwnSecondCardKeepsNoBonusOnceStaffFindTheCardsAreOnePersons() {
        programme(Map.of("bonuses", Map.of("referral", 100)));
        String first = number();
        join(first, first.toLowerCase() + "@" + domain, null);
        String second = number();
        join(second, "other-" + second.toLowerCase() + "@" + domain, referralCode(first));
        profileOf(second);
        saleAt(second, Instant.now().minusSeconds(30));
        feed.drain();
        assertThat(member(first).path("available").asLong()).as("two people as far as anyone knew").isEqualTo(100);

        mergeByStaff(first, second);
        long deadline = System.currentTimeMillis() + 20_000;
        while (member(first).path("lifetime").asLong() != 0) {
            assertThat(System.currentTimeMillis()).as("the bonus is taken back after the merge")
                    .isLessThan(deadline);
            sleep(50);
        }
        assertThat(member(first).path("available").asLong()).isZero();
        assertThat(entries(first, "referral-self")).hasSize(1);
    }

    @Test
    void aPersonHoldingTwoCardsGetsOneBirthdayBonusAYear() {
        programme(Map.of("bonuses", Map.of("loyalty.signup", 0, "birthday", 25)));
        // a fixed day, so no 29 February (or any date) decides the outcome
        LocalDate birthday = LocalDate.of(2026, 6, 15);
        String first = number();
        String second = number();
        signUp(first, birthday.withYear(1990));
        awaitResolved(tenant.id());
        signUp(second, birthday.withYear(1990));
        awaitResolved(tenant.id());
        feed.drain();
        mergeByStaff(first, second);

        birthdays.give(birthday.atTime(12, 0).atZone(BERLIN).toInstant());
        assertThat(entries(first, "birthday").size() + entries(second, "birthday").size())
                .as("one person, one bonus").isEqualTo(1);
        assertThat(entries(first, "birthday")).as("on the card held longest").hasSize(1);
    }

    private ApiClient anotherTenantsTill() {
        var other = newTenant();
        other.createStore("BER-1");
        return anonymous.bearer(other.createKey("till", "BER-1", "pos"));
    }

    private static int referralOf(ApiClient client, String loyaltyId) {
        return client.get("/api/v1/loyalty/members/" + loyaltyId + "/referral").status();
    }
}

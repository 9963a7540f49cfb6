package io.footbridge.loyalty.ledger;

import io.footbridge.ApiClient;
import io.footbridge.offers.Offers;
import io.footbridge.platform.ProblemException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The benefits of a tier beyond points: offers and events kept for its members. A Gold member is issued the Gold
 * offer (through the API and from their member page) and registers for the Gold tasting; a Silver member is refused
 * both with a reason, and nothing kept for Gold shows on their member page.
 */
class ExclusiveTiersTests extends LoyaltyTestSupport {

    @org.springframework.beans.factory.annotation.Autowired
    Offers offers;

    private static final Pattern STATE = Pattern.compile("name=\"state\" value=\"([^\"]+)\"");

    private String silver;
    private String gold;
    private String goldEmail;
    private String silverEmail;

    @BeforeEach
    void twoMembers() {
        // the join bonus makes a member Silver; one sale (19 points) more makes them Gold
        programme(Map.of("bonuses", Map.of("join", 150), "tiers", List.of(Map.of("name", "Silver", "threshold", 100),
                Map.of("name", "Gold", "threshold", 160))));
        silverEmail = "silver-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
        goldEmail = "gold-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
        silver = join(silverEmail);
        gold = join(goldEmail);
        memberSale(gold);
        assertThat(member(silver).path("tier").asString()).isEqualTo("Silver");
        assertThat(member(gold).path("tier").asString()).isEqualTo("Gold");
    }

    @Test
    void anOfferKeptForGoldIsIssuedToGoldMembersOnlyAndShownOnTheirPage() {
        assertThat(marketer.post("/api/v1/offers", offer(List.of("Platinum"))).errorFields())
                .as("a tier the programme does not have").containsExactly("tiers[0]");
        Map<String, Object> generic = new LinkedHashMap<>(offer(List.of("Gold")));
        generic.put("genericCode", "GOLDIES");
        assertThat(marketer.post("/api/v1/offers", generic).errorFields())
                .as("a code everyone may type is no tier's own").containsExactly("tiers");
        var created = marketer.post("/api/v1/offers", offer(List.of("Gold")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String offerId = created.json().path("id").asString();
        assertThat(marketer.get("/api/v1/offers/" + offerId).json().path("tiers").toString()).isEqualTo("[\"Gold\"]");

        var issued = marketer.post("/api/v1/offers/" + offerId + "/issue", Map.of("profileId", profile(gold)));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        var refused = marketer.post("/api/v1/offers/" + offerId + "/issue", Map.of("profileId", profile(silver)));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().path("type").asString()).endsWith("/offer-tier-only");
        assertThat(refused.json().path("detail").asString()).contains("Gold").contains("is Silver");
        assertThat(refused.errorFields()).containsExactly("profileId");
        // journeys and campaigns issue through the module's API: the same refusal, which they record as the reason
        assertThatThrownBy(() -> offers.issue(tenant.id(), UUID.fromString(offerId),
                UUID.fromString(profile(silver)), "journey", "journey", "journey:" + UUID.randomUUID()))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo("offer-tier-only"));
        assertThat(offers.issue(tenant.id(), UUID.fromString(offerId), UUID.fromString(profile(gold)), "journey",
                "journey", "journey:" + UUID.randomUUID()).created()).isTrue();
        var nobody = marketer.post("/api/v1/offers/" + offerId + "/issue", Map.of("channel", "api"));
        assertThat(nobody.status()).as("a code for nobody in particular").isEqualTo(409);
        var print = marketer.post("/api/v1/offers/" + offerId + "/codes", Map.of("count", 5));
        assertThat(print.status()).as("codes printed for anyone").isEqualTo(409);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM coupon WHERE offer_id = :o").param("o", UUID.fromString(offerId))
                .query(Long.class).single()).as("only the Gold member's coupons").isEqualTo(2);

        // a PUT replaces the tiers as it does every rule
        Map<String, Object> wider = new LinkedHashMap<>(offer(List.of("Silver", "Gold")));
        var changed = marketer.put("/api/v1/offers/" + offerId, wider);
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().path("tiers").toString()).isEqualTo("[\"Silver\",\"Gold\"]");
        var put = marketer.put("/api/v1/offers/" + offerId, offer(List.of("Gold")));
        assertThat(put.status()).isEqualTo(200);

        String goldPage = page(gold);
        assertThat(goldPage).contains("Only for Gold members").contains("Gold weekend").contains("Show my coupon");
        assertThat(page(silver)).doesNotContain("Gold weekend");
    }

    @Test
    void aMemberTakesTheirTiersOfferFromTheMemberPageOnceAndOthersAreToldItCannotBeHad() {
        String offerId = marketer.post("/api/v1/offers", offer(List.of("Gold"))).json().path("id").asString();
        String goldUrl = pageUrl(gold);
        assertThat(fetch(goldUrl)).contains("Gold weekend").contains("Get my coupon");

        var taken = claim(goldUrl, offerId);
        assertThat(taken.status()).isEqualTo(303);
        assertThat(taken.header("Location")).contains("/c/");
        assertThat(claim(goldUrl, offerId).header("Location")).as("pressed twice: the same coupon")
                .isEqualTo(taken.header("Location"));
        assertThat(fetch(goldUrl)).contains("Show my coupon").doesNotContain("Get my coupon");

        String silverUrl = pageUrl(silver);
        var refused = claim(silverUrl, offerId);
        assertThat(refused.status()).isEqualTo(303);
        assertThat(refused.header("Location")).endsWith("?offer=refused");
        assertThat(fetch(silverUrl + "?offer=refused")).contains("cannot be had");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM coupon WHERE offer_id = :o").param("o", UUID.fromString(offerId))
                .query(Long.class).single()).isEqualTo(1);

        // an offer kept for no tier (a journey's, a goodwill gesture) is not the member's to take by its id
        var open = marketer.post("/api/v1/offers", offer(List.of()));
        assertThat(open.status()).as(open.toString()).isEqualTo(201);
        String anyone = open.json().path("id").asString();
        assertThat(claim(goldUrl, anyone).header("Location")).endsWith("?offer=refused");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM coupon WHERE offer_id = :o").param("o", UUID.fromString(anyone))
                .query(Long.class).single()).isZero();
    }

    @Test
    void tiersCannotBeSetOnAnOfferWhoseCodesAreOutForAnyone() {
        String printed = marketer.post("/api/v1/offers", offer(List.of())).json().path("id").asString();
        var codes = marketer.post("/api/v1/offers/" + printed + "/codes", Map.of("count", 3));
        assertThat(codes.status()).as(codes.toString()).isBetween(200, 202);
        var tiered = marketer.put("/api/v1/offers/" + printed, offer(List.of("Gold")));
        assertThat(tiered.status()).isEqualTo(400);
        assertThat(tiered.errorFields()).containsExactly("tiers");
        assertThat(marketer.get("/api/v1/offers/" + printed).json().path("tiers")).isEmpty();

        String unused = marketer.post("/api/v1/offers", offer(List.of())).json().path("id").asString();
        var fine = marketer.put("/api/v1/offers/" + unused, offer(List.of("Gold")));
        assertThat(fine.status()).as(fine.toString()).isEqualTo(200);
        assertThat(fine.json().path("tiers").get(0).asString()).isEqualTo("Gold");
    }

    @Test
    void anEventKeptForGoldTakesGoldMembersAndTellsOthersWhyOnThePage() {
        Instant start = Instant.now().plus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        Map<String, Object> event = new LinkedHashMap<>(Map.of("store", "BER-1", "eventCode",
                "gold-" + UUID.randomUUID().toString().substring(0, 6), "title", "Gold tasting", "startsAt",
                start.toString(), "endsAt", start.plus(2, ChronoUnit.HOURS).toString(), "capacity", 10));
        event.put("tiers", List.of("Bronze"));
        assertThat(tenant.admin().post("/api/v1/listed-events", event).errorFields()).containsExactly("tiers[0]");
        event.put("tiers", List.of("Gold"));
        var created = tenant.admin().post("/api/v1/listed-events", event);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("tiers").toString()).isEqualTo("[\"Gold\"]");
        String code = created.json().path("code").asString();
        assertThat(anonymous.get("/e/" + code).raw().body()).contains("For members of Gold");

        var outsider = register(code, "Sam", silverEmail);
        assertThat(outsider.status()).as("refused with a page, not an error").isEqualTo(400);
        assertThat(outsider.raw().body()).contains("We found no such membership for this e-mail address");
        var stranger = register(code, "Kim", "kim-" + UUID.randomUUID().toString().substring(0, 6) + "@" + domain);
        assertThat(stranger.status()).isEqualTo(400);
        var member = register(code, "Gina", goldEmail.toUpperCase());
        assertThat(member.status()).as(member.raw().body()).isEqualTo(303);
        assertThat(member.header("Location")).startsWith("/e/t/");

        assertThat(page(gold)).contains("Events for Gold members").contains("Gold tasting");
        assertThat(page(silver)).doesNotContain("Gold tasting");
    }

    private String join(String email) {
        String loyaltyId = number();
        var joined = till.post("/api/v1/loyalty/members", Map.of("loyaltyId", loyaltyId, "store", "BER-1",
                "email", email));
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
        profile(loyaltyId);
        return loyaltyId;
    }

    /** The member's person, once identity has linked the number to the e-mail. */
    private String profile(String loyaltyId) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (member(loyaltyId).path("profileId").isNull()) {
            assertThat(System.currentTimeMillis()).as("identity links the number").isLessThan(deadline);
            sleep(50);
        }
        return member(loyaltyId).path("profileId").asString();
    }

    private static Map<String, Object> offer(List<String> tiers) {
        return Map.of("name", "Gold weekend", "type", "percent", "percent", 20, "currency", "EUR",
                "validFrom", LocalDate.now().minusDays(1).toString(), "validUntil",
                LocalDate.now().plusDays(30).toString(), "tiers", tiers);
    }

    private String pageUrl(String loyaltyId) {
        String url = till.get("/api/v1/loyalty/members/" + loyaltyId + "/page").json().path("url").asString();
        return url.substring(url.indexOf("/club/"));
    }

    private String page(String loyaltyId) {
        return fetch(pageUrl(loyaltyId));
    }

    private String fetch(String path) {
        var response = anonymous.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.raw().body();
    }

    private ApiClient.Response claim(String pagePath, String offerId) {
        return anonymous.send(anonymous.request(pagePath + "/offers/" + offerId)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private ApiClient.Response register(String code, String name, String email) {
        Matcher state = STATE.matcher(anonymous.get("/e/" + code).raw().body());
        assertThat(state.find()).isTrue();
        Map<String, String> form = Map.of("state", state.group(1), "firstName", name, "email", email, "seats", "1");
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return anonymous.send(anonymous.request("/e/" + code).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)));
    }
}

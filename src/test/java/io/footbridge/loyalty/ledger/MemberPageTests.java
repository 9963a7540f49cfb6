package io.footbridge.loyalty.ledger;

import io.footbridge.ApiClient;
import io.footbridge.receipts.ReceiptsTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The member page over HTTP as a customer's phone meets it: asking for a code by e-mail, typing it in, the page it
 * opens; wrong codes, unknown addresses, forged and expired links, and the budgets on asking.
 */
class MemberPageTests extends ReceiptsTestSupport {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final Pattern CHALLENGE = Pattern.compile("name=\"challenge\" value=\"([0-9a-f-]{36})\"");

    @Autowired
    MemberLinks links;

    @Autowired
    LoyaltyRepository repository;

    @Autowired
    LoyaltyFeed feed;

    private String loyaltyId;
    private String email;

    @BeforeEach
    void member() {
        shop();
        var programme = marketer.put("/api/v1/loyalty/program", Map.of("currency", "EUR", "pointsPerUnit", 1,
                "unit", 100, "tiers", List.of(Map.of("name", "Silver", "threshold", 100),
                        Map.of("name", "Gold", "threshold", 500)),
                "rewards", List.of(Map.of("id", "coffee", "name", "Free coffee", "points", 100),
                        Map.of("id", "bag", "name", "Tote bag", "points", 1000))));
        assertThat(programme.status()).as(programme.toString()).isEqualTo(200);
        loyaltyId = "L" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        email = "member-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
        var joined = till.post("/api/v1/loyalty/members", Map.of("loyaltyId", loyaltyId, "store", "BER-1",
                "email", email));
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
        var given = marketer.post("/api/v1/loyalty/members/" + loyaltyId + "/adjustments",
                Map.of("points", 150, "reason", "welcome gift"));
        assertThat(given.status()).as(given.toString()).isEqualTo(200);
        long deadline = System.currentTimeMillis() + 20_000;
        while (till.get("/api/v1/loyalty/members?loyaltyId=" + loyaltyId).json().path("profileId").isNull()) {
            assertThat(System.currentTimeMillis()).as("identity links the number to the e-mail").isLessThan(deadline);
            sleep(50);
        }
    }

    @Test
    void aMemberAsksForACodeByEmailTypesItInAndSeesTheirCardPointsTierAndHistory() throws Exception {
        String sale = ring(sale(tx(), Map.of("loyaltyId", loyaltyId, "email", "receipts-" + email), "email",
                false));
        feed.drain();
        awaitReceipt(sale, receipt -> true);
        var asked = post("/club/sign-in/" + tenant.id(), Map.of("contact", email.toUpperCase()));
        assertThat(asked.status()).as(asked.toString()).isEqualTo(200);
        String challenge = challenge(asked);
        var mail = awaitMail(email);
        Matcher code = CODE.matcher(mail.getSubject());
        assertThat(code.find()).as(mail.getSubject()).isTrue();

        var signedIn = post("/club/sign-in/" + tenant.id() + "/code", Map.of("challenge", challenge,
                "code", code.group(1)));
        assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(303);
        String location = signedIn.header("Location");
        assertThat(location).startsWith("/club/").doesNotContain(loyaltyId);

        var page = get(location);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Cache-Control")).contains("no-store");
        String html = page.raw().body();
        assertThat(html).contains(loyaltyId).contains("id=\"available\">169<").contains("Free coffee")
                .contains("Tote bag").contains("81 more points to Silver").contains("Correction").contains("Purchase")
                .contains("€19.97")
                .contains("<svg").contains("manifest.webmanifest").contains("/club/sw.js");
        assertThat(html).as("the preference centre of the person's e-mail").contains("id=\"preferences\"");

        var again = post("/club/sign-in/" + tenant.id() + "/code", Map.of("challenge", challenge,
                "code", code.group(1)));
        assertThat(again.status()).as("a code opens the page once").isEqualTo(400);

        var manifest = get(location + "/manifest.webmanifest");
        assertThat(manifest.status()).isEqualTo(200);
        assertThat(manifest.contentType()).startsWith("application/manifest+json");
        assertThat(manifest.json().path("start_url").asString()).isEqualTo(location);
        assertThat(manifest.json().path("display").asString()).isEqualTo("standalone");
        var worker = get("/club/sw.js");
        assertThat(worker.status()).isEqualTo(200);
        assertThat(worker.contentType()).startsWith("text/javascript");
        var pass = anonymous.sendBytes(anonymous.request(location + "/card.pkpass").GET());
        assertThat(pass.statusCode()).isEqualTo(200);
        String passJson = null;
        try (var zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(pass.body()))) {
            for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals("pass.json")) {
                    passJson = new String(zip.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        assertThat(passJson).as("the card's back links the member page").contains("\"key\":\"page\"")
                .contains("/club/");
        assertThat(get(location + "/google-wallet").status()).as("no Google issuer set").isEqualTo(404);
    }

    @Test
    void anUnknownAddressIsAnsweredAlikeButGetsNoCodeAndNoCodeOpensIt() {
        String stranger = "stranger-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
        var asked = post("/club/sign-in/" + tenant.id(), Map.of("contact", stranger));
        assertThat(asked.status()).isEqualTo(200);
        String challenge = challenge(asked);
        sleep(1500);
        assertThat(mailsTo(stranger)).isEmpty();
        var guessed = post("/club/sign-in/" + tenant.id() + "/code", Map.of("challenge", challenge,
                "code", "123456"));
        assertThat(guessed.status()).isEqualTo(400);
        assertThat(guessed.raw().body()).contains("4 tries left");
    }

    @Test
    void wrongGuessesKillTheCodeSoEvenTheRightOneNoLongerOpensThePage() throws Exception {
        String challenge = challenge(post("/club/sign-in/" + tenant.id(), Map.of("contact", email)));
        Matcher code = CODE.matcher(awaitMail(email).getSubject());
        assertThat(code.find()).isTrue();
        String wrong = String.format("%06d", (Integer.parseInt(code.group(1)) + 1) % 1_000_000);
        for (int left = 4; left >= 1; left--) {
            var guessed = post("/club/sign-in/" + tenant.id() + "/code", Map.of("challenge", challenge,
                    "code", wrong));
            assertThat(guessed.status()).isEqualTo(400);
            assertThat(guessed.raw().body()).contains(left + " tries left");
        }
        var last = post("/club/sign-in/" + tenant.id() + "/code", Map.of("challenge", challenge, "code", wrong));
        assertThat(last.raw().body()).contains("no longer works");
        var right = post("/club/sign-in/" + tenant.id() + "/code", Map.of("challenge", challenge,
                "code", code.group(1)));
        assertThat(right.status()).isEqualTo(400);
        assertThat(right.header("Location")).isNull();
        assertThat(right.raw().body()).doesNotContain(loyaltyId);
    }

    @Test
    void askingTooOftenForOneAddressIsRefusedWithAWaitAndBadInputNamesTheField() {
        for (int i = 0; i < 5; i++) {
            assertThat(post("/club/sign-in/" + tenant.id(), Map.of("contact", email)).status()).isEqualTo(200);
        }
        var refused = post("/club/sign-in/" + tenant.id(), Map.of("contact", email));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isNotNull();
        assertThat(refused.raw().body()).contains("Too many tries");

        var bad = post("/club/sign-in/" + tenant.id(), Map.of("contact", "not a number"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.raw().body()).contains("not a phone number or e-mail address");
        assertThat(get("/club/sign-in/" + UUID.randomUUID()).status()).as("no such brand").isEqualTo(404);
    }

    @Test
    void aForgedOrAlteredLinkShowsAPlainPageAndAnExpiredOneOffersTheSignInWithoutData() {
        UUID memberId = repository.member(tenant.id(), loyaltyId).orElseThrow().id();
        var handed = till.get("/api/v1/loyalty/members/" + loyaltyId + "/page");
        assertThat(handed.status()).as(handed.toString()).isEqualTo(200);
        String url = handed.json().path("url").asString();
        assertThat(url).contains("/club/").doesNotContain(loyaltyId);
        assertThat(Instant.parse(handed.json().path("expiresAt").asString()))
                .isBetween(Instant.now().plus(Duration.ofDays(89)), Instant.now().plus(Duration.ofDays(91)));
        assertThat(handed.json().path("signInUrl").asString()).endsWith("/club/sign-in/" + tenant.id());
        String token = url.substring(url.indexOf("/club/") + "/club/".length());
        assertThat(get("/club/" + token).raw().body()).contains(loyaltyId);
        assertThat(till.get("/api/v1/loyalty/members/NOPE-1/page").status()).isEqualTo(404);

        String altered = token.substring(0, token.indexOf('.') - 2) + "AA" + token.substring(token.indexOf('.'));
        for (String forged : List.of(altered, "not-a-token", token + "x", UUID.randomUUID() + "." + UUID.randomUUID())) {
            var page = get("/club/" + forged);
            assertThat(page.status()).as(forged).isEqualTo(404);
            assertThat(page.raw().body()).contains("does not open a member page").doesNotContain(loyaltyId);
            assertThat(get("/club/" + forged + "/card.pkpass").status()).isEqualTo(404);
            assertThat(get("/club/" + forged + "/manifest.webmanifest").status()).isEqualTo(404);
        }

        String expired = links.token(tenant.id(), memberId, Instant.now().minus(Duration.ofDays(91)));
        var page = get("/club/" + expired);
        assertThat(page.status()).isEqualTo(410);
        assertThat(page.raw().body()).contains("has expired").contains("/club/sign-in/" + tenant.id())
                .doesNotContain(loyaltyId).doesNotContain("150");
        assertThat(get("/club/" + expired + "/card.pkpass").status()).isEqualTo(404);
    }

    @Test
    void theMemberPageListsTheEventsTheMemberRegisteredForAndNotOthers() {
        java.time.Instant start = Instant.now().plus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        String mine = event("Latte art for beginners", start);
        String theirs = event("Cupping for experts", start.plus(Duration.ofDays(1)));
        register(mine, email.toUpperCase(), "2"); // the address as typed: compared without regard to case
        register(theirs, "someone-else@" + domain, "1");

        String url = till.get("/api/v1/loyalty/members/" + loyaltyId + "/page").json().path("url").asString();
        String page = get(url.substring(url.indexOf("/club/"))).raw().body();
        assertThat(page).contains("Your events").contains("Latte art for beginners").contains("2 seats")
                .contains("/e/t/").doesNotContain("Cupping for experts");
    }

    private String event(String title, Instant start) {
        var created = tenant.admin().post("/api/v1/listed-events", Map.of("store", "BER-1", "eventCode",
                "EV-" + UUID.randomUUID().toString().substring(0, 6), "title", title, "startsAt", start.toString(),
                "endsAt", start.plus(Duration.ofHours(2)).toString(), "capacity", 10, "maxSeats", 4));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("code").asString();
    }

    private void register(String code, String address, String seats) {
        Matcher state = Pattern.compile("name=\"state\" value=\"([^\"]+)\"").matcher(get("/e/" + code).raw().body());
        assertThat(state.find()).isTrue();
        var registered = post("/e/" + code, Map.of("state", state.group(1), "firstName", "Mia", "email", address,
                "seats", seats));
        assertThat(registered.status()).as(registered.raw().body()).isEqualTo(303);
    }

    private ApiClient.Response get(String path) {
        return anonymous.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET());
    }

    private ApiClient.Response post(String path, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return anonymous.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private static String challenge(ApiClient.Response asked) {
        Matcher m = CHALLENGE.matcher(asked.raw().body());
        assertThat(m.find()).as(asked.raw().body()).isTrue();
        return m.group(1);
    }
}

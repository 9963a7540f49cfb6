package io.footbridge.offers;

import io.footbridge.ApiClient;
import io.footbridge.Scanner;
import io.footbridge.platform.PersonalData;
import io.footbridge.platform.ProblemException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What customers see of their coupon, what the marketer learns from the offer, and what a person may take back. */
class OfferConversionTests extends OffersTestSupport {

    @Autowired
    private List<PersonalData> personalData;

    @Autowired
    private Offers offers;

    private TestTenant tenant;
    private ApiClient marketer;
    private ApiClient berlin;
    private ApiClient hamburg;

    @BeforeEach
    void tenant() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        tenant.createStore("HAM-1");
        marketer = tenant.createUser("marketer");
        berlin = anonymous.bearer(tenant.createKey("till BER", "BER-1", "pos"));
        hamburg = anonymous.bearer(tenant.createKey("till HAM", "HAM-1", "pos"));
    }

    @Test
    void statsMatchWhatHappened() {
        String offerId = createOffer(marketer, offer("percent"));
        JsonNode welcomeA = issue(offerId, Map.of("channel", "email", "touchpoint", "welcome"));
        issue(offerId, Map.of("channel", "email", "touchpoint", "welcome"));
        JsonNode sms = issue(offerId, Map.of("channel", "sms"));
        String printed = generate(marketer, offerId, 1).get(0);
        open(welcomeA.get("pageUrl").asString(), "Mozilla/5.0 (iPhone)");
        open(welcomeA.get("pageUrl").asString(), "Mozilla/5.0 (iPhone)");
        open(sms.get("pageUrl").asString(), "Mozilla/5.0 (Android)");
        open(sms.get("pageUrl").asString(), "WhatsApp/2.23 link preview");
        issuedDaysAgo(welcomeA.get("code").asString(), 2);
        issuedDaysAgo(sms.get("code").asString(), 6);

        assertThat(redeem(berlin, welcomeA.get("code").asString(), tx(), 5000).status()).isEqualTo(200);
        assertThat(redeem(hamburg, sms.get("code").asString(), tx(), 2000).status()).isEqualTo(200);
        String refunded = tx();
        assertThat(redeem(berlin, printed, refunded, 1000).status()).isEqualTo(200);
        assertThat(berlin.post("/api/v1/coupons/rollback", Map.of("transactionId", refunded)).status())
                .isEqualTo(200);

        JsonNode stats = marketer.get("/api/v1/offers/" + offerId + "/stats").json();
        assertThat(stats.get("issued").asLong()).isEqualTo(4);
        assertThat(stats.get("viewed").asLong()).as("the link preview is no view").isEqualTo(2);
        assertThat(stats.get("redeemed").asLong()).isEqualTo(2);
        assertThat(stats.get("redemptionRate").asDouble()).isEqualTo(0.5);
        assertThat(stats.get("revenue").asLong()).as("4,500 + 1,800 after the discounts").isEqualTo(6300);
        assertThat(stats.get("discountGiven").asLong()).isEqualTo(700);
        assertThat(stats.get("medianDaysToRedeem").asDouble()).isEqualTo(4.0);
        assertThat(stats.get("rolledBack").asLong()).isEqualTo(1);

        JsonNode stores = stats.get("byStore");
        assertThat(stores).hasSize(2);
        assertThat(stores.get(0).get("store").asString()).isEqualTo("BER-1");
        assertThat(stores.get(0).get("revenue").asLong()).isEqualTo(4500);
        assertThat(stores.get(0).get("medianDaysToRedeem").asDouble()).isEqualTo(2.0);
        assertThat(stores.get(1).get("store").asString()).isEqualTo("HAM-1");
        assertThat(stores.get(1).get("redeemed").asLong()).isEqualTo(1);
        assertThat(stores.get(1).get("medianDaysToRedeem").asDouble()).isEqualTo(6.0);

        JsonNode channels = stats.get("byChannel");
        assertThat(channels).hasSize(3);
        assertThat(channels.get(0).get("channel").asString()).isEqualTo("email");
        assertThat(channels.get(0).get("touchpoint").asString()).isEqualTo("welcome");
        assertThat(channels.get(0).get("issued").asLong()).isEqualTo(2);
        assertThat(channels.get(0).get("viewed").asLong()).isEqualTo(1);
        assertThat(channels.get(0).get("redeemed").asLong()).isEqualTo(1);
        assertThat(channels.get(0).get("redemptionRate").asDouble()).isEqualTo(0.5);
        assertThat(channels.get(1).get("channel").asString()).isEqualTo("print");
        assertThat(channels.get(1).get("redeemed").asLong()).isZero();
        assertThat(channels.get(2).get("channel").asString()).isEqualTo("sms");
        assertThat(channels.get(2).get("redemptionRate").asDouble()).isEqualTo(1.0);
        assertThat(channels.get(2).get("revenue").asLong()).isEqualTo(1800);
    }

    @Test
    void theCustomersPageShowsTheCodeInTheBrandsLanguageWithScannableImages() throws Exception {
        tenant.admin().put("/api/v1/brand", Map.of("name", "Kaffeehaus Lena", "primaryColor", "#0b6e4f",
                "language", "de"));
        String offerId = createOffer(marketer, offer("amount"));
        JsonNode coupon = issue(offerId, Map.of("channel", "email"));
        String code = coupon.get("code").asString();
        String page = coupon.get("pageUrl").asString();

        var html = open(page, "Mozilla/5.0 (iPhone)");
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.raw().body()).contains("Kaffeehaus Lena", coupon.get("displayCode").asString(), "Gültig bis",
                "5,00\u00a0€ Rabatt", "<svg");
        assertThat(html.header("Cache-Control")).contains("no-store");
        assertThat(Scanner.qr(image(coupon.get("qrPngUrl").asString()))).isEqualTo(code);
        assertThat(Scanner.code128(image(coupon.get("barcodePngUrl").asString()))).isEqualTo(code);
        assertThat(anonymous.send(HttpRequest.newBuilder(URI.create(coupon.get("qrSvgUrl").asString())).GET())
                .raw().body()).startsWith("<svg");

        assertThat(redeem(berlin, code, tx(), 1000).status()).isEqualTo(200);
        assertThat(open(page, "Mozilla/5.0").raw().body()).contains("Eingelöst");
        assertThat(open(page.substring(0, page.lastIndexOf('/') + 1) + "AAAAAAAAAAAAAAAAAAAAAA", "Mozilla/5.0")
                .status()).isEqualTo(404);
        assertThat(marketer.get("/api/v1/coupons/" + code).json().get("views").asLong()).isEqualTo(2);
    }

    @Test
    void erasingAPersonDetachesTheirCouponsAndKeepsTheFigures() {
        String email = "erase-" + UUID.randomUUID() + "@example.com";
        String profile = profileOf(tenant, email);
        String offerId = createOffer(marketer, offer("amount"));
        JsonNode coupon = issue(offerId, Map.of("profileId", profile, "channel", "email"));
        assertThat(redeem(berlin, coupon.get("code").asString(), tx(), 1000).status()).isEqualTo(200);
        PersonalData coupons = personalData.stream().filter(p -> p.section().equals("coupons")).findFirst()
                .orElseThrow();
        var person = new PersonalData.Person(tenant.id(), UUID.fromString(profile), Set.of(UUID.fromString(profile)),
                List.of(new PersonalData.Identifier("email", email, email)));

        assertThat(coupons.export(person).toString()).contains(coupon.get("code").asString());
        coupons.erase(person);

        assertThat(coupons.export(person)).isNull();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM coupon WHERE tenant_id = :t AND profile_id IS NOT NULL")
                .param("t", tenant.id()).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM coupon_redemption WHERE tenant_id = :t AND profile_id IS NOT NULL")
                .param("t", tenant.id()).query(Long.class).single()).isZero();
        JsonNode stats = marketer.get("/api/v1/offers/" + offerId + "/stats").json();
        assertThat(stats.get("redeemed").asLong()).isEqualTo(1);
        assertThat(stats.get("revenue").asLong()).isEqualTo(500);
    }

    @Test
    void otherModulesIssueThroughThePublicApi() {
        String profile = profileOf(tenant, "api-" + UUID.randomUUID() + "@example.com");
        Map<String, Object> body = offer("percent");
        body.put("channels", List.of("receipt", "journey"));
        UUID offerId = UUID.fromString(createOffer(marketer, body));
        UUID profileId = UUID.fromString(profile);

        IssuedCoupon first = offers.issue(tenant.id(), offerId, profileId, "receipt", "receipt:R-1");
        IssuedCoupon again = offers.issue(tenant.id(), offerId, profileId, "receipt", "receipt:R-1");
        IssuedCoupon fromJourney = offers.issue(tenant.id(), offerId, profileId, "journey", "win-back", null);

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.code()).isEqualTo(first.code());
        assertThat(first.discount()).isEqualTo("10 % off");
        assertThat(first.status()).isEqualTo("active");
        assertThat(first.pageUrl()).as("no request, no public URL: this node").startsWith("http://localhost:" + port + "/c/");
        assertThat(offers.coupons(tenant.id(), profileId)).extracting(IssuedCoupon::code)
                .containsExactlyInAnyOrder(first.code(), fromJourney.code());
        OfferSummary summary = offers.find(tenant.id(), offerId).orElseThrow();
        assertThat(summary.channels()).containsExactly("receipt", "journey");
        assertThat(summary.active(Instant.now())).isTrue();
        assertThat(offers.find(UUID.randomUUID(), offerId)).as("another tenant").isEmpty();
        assertThatThrownBy(() -> offers.issue(tenant.id(), offerId, profileId, "sms", null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo("channel-not-allowed"));
        assertThatThrownBy(() -> offers.issue(UUID.randomUUID(), offerId, profileId, "receipt", null))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo("not-found"));
        JsonNode stats = marketer.get("/api/v1/offers/" + offerId + "/stats").json();
        assertThat(stats.get("byChannel")).extracting(c -> c.get("channel").asString())
                .containsExactly("journey", "receipt");
    }

    private JsonNode issue(String offerId, Map<String, Object> body) {
        var response = marketer.post("/api/v1/offers/" + offerId + "/issue", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    private ApiClient.Response open(String url, String userAgent) {
        return anonymous.send(HttpRequest.newBuilder(URI.create(url)).header("User-Agent", userAgent).GET());
    }

    private BufferedImage image(String url) throws Exception {
        var response = anonymous.sendBytes(HttpRequest.newBuilder(URI.create(url)).GET());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).isEqualTo("image/png");
        return ImageIO.read(new ByteArrayInputStream(response.body()));
    }

    private void issuedDaysAgo(String code, int days) {
        jdbc.sql("UPDATE coupon SET issued_at = :at WHERE tenant_id = :t AND code = :code")
                .param("at", io.footbridge.platform.Timestamps.of(Instant.now().minus(days, ChronoUnit.DAYS)))
                .param("t", tenant.id()).param("code", code).update();
    }
}

package io.footbridge.journeys.flow;

import io.footbridge.ApiClient;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The cross-sell in a send: what other buyers of the same product bought next, as tracked links to the shop. */
class JourneyCrossSellTests extends JourneyApiTest {

    private ApiClient till;

    @org.springframework.beans.factory.annotation.Autowired
    CrossSell crossSell;

    @org.springframework.beans.factory.annotation.Autowired
    javax.sql.DataSource dataSource;

    private org.springframework.jdbc.core.JdbcTemplate jdbcTemplate() {
        return new org.springframework.jdbc.core.JdbcTemplate(dataSource);
    }
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    @BeforeEach
    void setUp() {
        tenant.createStore("BER-1");
        till = anonymous.bearer(tenant.createKey("till", "BER-1", "pos"));
        tenant.admin().put("/api/v1/consent/policy", Map.of("doubleOptInEmail", false, "timeZone", "UTC"));
        product("MACHINE-1", "Espresso machine", "machines", 49900, "https://shop.example.com/p/machine");
        product("DESCALER-1", "Descaler", "care", 990, "https://shop.example.com/p/descaler");
        product("BEANS-1", "House beans", "beans", 1290, "https://shop.example.com/p/beans");
        product("CUPS-1", "Cups", "cups", 1500, null);
    }

    @Test
    void theThankYouMailCarriesWhatOtherBuyersBoughtNextAsLinksWhoseClickIsThePersons() throws Exception {
        // two earlier machine buyers (the API takes sales of the last 30 days) went on to the descaler, one of them to beans and cups (no shop page)
        buy("a@" + domain, today.minusDays(28), "MACHINE-1");
        buy("a@" + domain, today.minusDays(20), "DESCALER-1", "BEANS-1", "CUPS-1");
        buy("b@" + domain, today.minusDays(18), "MACHINE-1");
        buy("b@" + domain, today.minusDays(12), "DESCALER-1");
        // bought on the same day is not "next"; a beans-only buyer says nothing about machines
        buy("c@" + domain, today.minusDays(5), "MACHINE-1", "CUPS-1");
        buy("d@" + domain, today.minusDays(9), "BEANS-1");
        buy("d@" + domain, today.minusDays(3), "CUPS-1");
        String to = "eva@" + domain;
        buy(to, today.minusDays(25), "BEANS-1");
        buy(to, today, "MACHINE-1");
        awaitResolved(tenant.id());
        await(() -> jdbc.sql("SELECT COUNT(*) FROM journey_purchase_day WHERE tenant_id = :t AND kind = 'sku'")
                .param("t", tenant.id()).query(Long.class).single() == 12, "the purchase days are kept");
        String person = tenant.admin().get("/api/v1/profiles?email=" + to).json().get("items").get(0).get("id")
                .asString();
        grant(person, "email");

        String id = active(journey("[{\"send\": {\"channels\": [\"email\"], \"template\": \"journey.thanks\","
                + " \"crossSell\": {\"count\": 3}}}]"));
        enter(id, person);
        MimeMessage mail = awaitMail(to, Duration.ofSeconds(30));

        String html = mailPart(mail, "text/html");
        assertThat(html).contains("Goes well with it").contains("Descaler").contains("9.90 EUR")
                .as("bought already, or no page in the shop").doesNotContain("House beans").doesNotContain("Cups")
                .doesNotContain("Espresso machine");
        // messaging counts the mail's clicks on the way: its link leads on to ours
        List<String> links = hrefs(html).stream().filter(h -> h.contains("/m/c/")).toList();
        assertThat(links).as(html).hasSize(1);
        HttpClient browser = HttpClient.newHttpClient(); // follows no redirects: we look where it is sent
        HttpResponse<String> counted = browser.send(HttpRequest.newBuilder(URI.create(links.get(0)))
                .header("User-Agent", "Mozilla/5.0").GET().build(), HttpResponse.BodyHandlers.ofString());
        String ours = URI.create(links.get(0)).resolve(counted.headers().firstValue("Location").orElseThrow())
                .toString();
        assertThat(ours).contains("/j/");
        HttpResponse<String> click = browser.send(HttpRequest.newBuilder(URI.create(ours))
                .header("User-Agent", "Mozilla/5.0").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(click.statusCode()).isEqualTo(302);
        String target = click.headers().firstValue("Location").orElseThrow();
        assertThat(target).startsWith("https://shop.example.com/p/descaler?").contains("utm_medium=journey")
                .contains("utm_content=DESCALER-1");

        awaitResolved(tenant.id());
        await(() -> tenant.admin().get("/api/v1/profiles/" + person + "/timeline").raw().body()
                .contains("journey.link_clicked"), "the click is on the person's timeline");
        assertThat(browser.send(HttpRequest.newBuilder(URI.create(ours.replaceAll("/j/.*", "/j/nope")))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    @Test
    void aCrossSellWithABadCountIsRefusedNamingTheField() {
        assertRefused("[{\"send\": {\"channels\": [\"email\"], \"template\": \"journey.thanks\","
                + " \"crossSell\": {\"count\": 0}}}]", "steps[0].send.crossSell.count");
        assertRefused("[{\"send\": {\"channels\": [\"email\"], \"template\": \"journey.thanks\","
                + " \"crossSell\": {\"colour\": 1}}}]", "steps[0].send.crossSell.colour");
    }

    @Test
    void aProductPageThatIsNoUsableUrlIsRefusedNamingTheFieldAndAStoredOneLeadsNowhereRatherThanToAnError()
            throws Exception {
        var bar = tenant.admin().put("/api/v1/products/BAD-1", Map.of("name", "Bad", "url",
                "https://shop.example.com/p/a|b"));
        assertThat(bar.status()).as(bar.toString()).isEqualTo(400);
        assertThat(bar.errorFields()).containsExactly("url");
        var escape = tenant.admin().put("/api/v1/products/BAD-1", Map.of("name", "Bad", "url",
                "https://shop.example.com/p/100%"));
        assertThat(escape.errorFields()).containsExactly("url");
        assertThat(tenant.admin().put("/api/v1/products/BAD-1", Map.of("name", "Bad", "url", "javascript:alert(1)"))
                .errorFields()).containsExactly("url");
        assertThat(tenant.admin().put("/api/v1/products/BAD-1", Map.of("name", "Fine", "url",
                "https://shop.example.com/p/a%7Cb")).status()).isIn(200, 201);

        // a link made before the check, to a page address a browser cannot be sent to
        String token = "bad" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        jdbc.sql("""
                INSERT INTO journey_link (token, tenant_id, journey_id, entry_id, person_id, sku, url, created_at)
                VALUES (:token, :t, :j, :e, :p, 'BAD-1', 'https://shop.example.com/p/a|b', CURRENT_TIMESTAMP)
                """).param("token", token).param("t", tenant.id()).param("j", UUID.randomUUID())
                .param("e", UUID.randomUUID()).param("p", UUID.randomUUID()).update();
        HttpResponse<String> click = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/j/" + token)).header("User-Agent", "Mozilla/5.0").GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(click.statusCode()).as(click.body()).isEqualTo(404);
    }

    @Test
    void theCrossSellDrawsOnTheLatestBuyersOfTheProductOnly() {
        UUID tenantId = UUID.randomUUID();
        LocalDate longAgo = LocalDate.of(2025, 1, 10);
        LocalDate lately = LocalDate.of(2026, 6, 10);
        List<Object[]> days = new java.util.ArrayList<>();
        // more buyers once went on to the filter; the latest buyers go on to the grinder
        for (int i = 0; i < CrossSell.BUYERS + 200; i++) {
            UUID buyer = UUID.randomUUID();
            days.add(new Object[] {tenantId, buyer, "MACHINE-1", java.sql.Date.valueOf(longAgo)});
            days.add(new Object[] {tenantId, buyer, "FILTER-1", java.sql.Date.valueOf(longAgo.plusDays(3))});
        }
        for (int i = 0; i < CrossSell.BUYERS; i++) {
            UUID buyer = UUID.randomUUID();
            days.add(new Object[] {tenantId, buyer, "MACHINE-1", java.sql.Date.valueOf(lately)});
            days.add(new Object[] {tenantId, buyer, "GRINDER-1", java.sql.Date.valueOf(lately.plusDays(3))});
        }
        jdbcTemplate().batchUpdate("""
                INSERT INTO journey_purchase_day (tenant_id, person_id, kind, item, bought_on)
                VALUES (?, ?, 'sku', ?, ?)
                """, days);
        assertThat(crossSell.candidates(tenantId, UUID.randomUUID(), java.util.Set.of("MACHINE-1"), 10))
                .containsExactly("GRINDER-1");
    }

    private void product(String sku, String name, String category, long price, String url) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "category", category, "price", price,
                "currency", "EUR"));
        if (url != null) {
            body.put("url", url);
        }
        var put = tenant.admin().put("/api/v1/products/" + sku, body);
        assertThat(put.status()).as(put.toString()).isIn(200, 201);
    }

    private void buy(String email, LocalDate day, String... skus) {
        List<Map<String, Object>> lines = java.util.Arrays.stream(skus).map(sku -> Map.<String, Object>of("sku", sku,
                "name", sku, "category", "x", "quantity", 1, "unitPrice", 1000)).toList();
        // noon of that day, but never later than a minute ago: before noon UTC, today's noon is still to come
        java.time.Instant noon = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
        java.time.Instant ago = java.time.Instant.now().minusSeconds(60);
        var sale = till.post("/api/v1/transactions", Map.of("transactionId", "T-" + UUID.randomUUID(),
                "store", "BER-1", "occurredAt", (noon.isAfter(ago) ? ago : noon).toString(),
                "currency", "EUR", "lines", lines, "total", 1000 * skus.length, "customer", Map.of("email", email)));
        assertThat(sale.status()).as(sale.toString()).isEqualTo(201);
    }
}

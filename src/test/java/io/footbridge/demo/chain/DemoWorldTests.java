package io.footbridge.demo.chain;

import io.footbridge.ApiTest;
import io.footbridge.demo.DemoWorld;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo chain: a small one built into a tenant of the test server, through the same services as live traffic. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoWorldTests extends ApiTest {

    private static final DemoWorld.Options SMALL = new DemoWorld.Options(7, 2, 300, 3, "unused");

    /** The visits the demo's mailing brought: {@code <store>-<yyyymmdd>-M<n>} (store codes may hold "-M" too). */
    private static final Pattern MAILING_VISIT = Pattern.compile("-\\d{8}-M\\d+$");
    private static final String MAILING_VISIT_LIKE = "%-________-M%";

    @Autowired
    IdentityGraph identity;

    @Autowired
    tools.jackson.databind.json.JsonMapper json;

    @Autowired
    private DemoWorld world;
    @Autowired
    private DemoInstaller installer;

    private TestTenant tenant;
    private DemoWorld.Built built;
    private Instant started;
    /** Right when the build returned: its events identity has not linked yet, and its messages still queued. */
    private long unresolvedAtReturn;
    private long queuedAtReturn;

    /** Built once for the class (its instance lives as long), after ApiTest has set up its clients. */
    @BeforeEach
    void buildASmallChain() {
        if (built == null) {
            tenant = newTenant();
            started = Instant.now();
            built = world.build(tenant.id(), small());
            unresolvedAtReturn = jdbc.sql("""
                            SELECT COUNT(*) FROM capture_event c WHERE c.tenant_id = :t
                              AND NOT EXISTS (SELECT 1 FROM identity_event i WHERE i.seq = c.seq)
                            """).param("t", tenant.id()).query(Long.class).single();
            queuedAtReturn = jdbc.sql("SELECT COUNT(*) FROM message WHERE tenant_id = :t AND status = 'queued'")
                    .param("t", tenant.id()).query(Long.class).single();
        }
    }

    private static DemoWorld.Options small() {
        return new DemoWorld.Options(SMALL.seed(), SMALL.stores(), SMALL.customers(), SMALL.months(),
                UUID.randomUUID() + ".demo.test");
    }

    record Sale(String store, String zone, Instant at, boolean known, long total, String currency) {
    }

    private List<Sale> sales(UUID tenantId) {
        return jdbc.sql("""
                        SELECT s.code, s.time_zone, t.occurred_at, t.customer, t.total, t.currency
                          FROM pos_transaction t JOIN store s ON s.id = t.store_id
                         WHERE t.tenant_id = :t ORDER BY t.transaction_id
                        """).param("t", tenantId)
                .query((rs, n) -> new Sale(rs.getString(1), rs.getString(2),
                        rs.getObject(3, java.time.OffsetDateTime.class).toInstant(), rs.getString(4) != null,
                        rs.getLong(5), rs.getString(6)))
                .list();
    }

    @Test
    void salesHappenWithinEachStoresOpeningHoursOnItsOwnClock() {
        List<Sale> sales = sales(tenant.id());
        assertThat(sales).hasSizeGreaterThan(200);
        assertThat(sales).extracting(Sale::store).containsOnly("BER-MITTE", "LON-COVENT");
        assertThat(sales).extracting(Sale::currency).containsOnly("EUR", "GBP");
        for (Sale sale : sales) {
            Chain.Shop shop = Chain.STORES.stream().filter(s -> s.code().equals(sale.store())).findFirst().orElseThrow();
            ZonedDateTime local = sale.at().atZone(ZoneId.of(sale.zone()));
            int[] hours = shop.hoursOn(local.getDayOfWeek());
            assertThat(hours).as("%s is open on %s", sale.store(), local.getDayOfWeek()).isNotNull();
            assertThat(local.toLocalTime()).as("sale at %s in %s", local, sale.store())
                    .isBetween(LocalTime.of(hours[0], 0), LocalTime.of(hours[1], 0));
        }
        // Berlin is closed on Sundays; London opens at noon on Sundays
        assertThat(sales).filteredOn(s -> s.store().equals("BER-MITTE"))
                .noneMatch(s -> s.at().atZone(ZoneId.of(s.zone())).getDayOfWeek() == java.time.DayOfWeek.SUNDAY);
    }

    @Test
    void theShareOfSalesTiedToAKnownCustomerRisesMonthByMonth() {
        List<Sale> sales = sales(tenant.id());
        Instant middle = built.first().plusMonths(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        double before = share(sales.stream().filter(s -> s.at().isBefore(middle)).toList());
        double after = share(sales.stream().filter(s -> !s.at().isBefore(middle)).toList());
        assertThat(before).isGreaterThan(0.05);
        assertThat(after).isGreaterThan(before + 0.1);
    }

    private static double share(List<Sale> sales) {
        return sales.stream().filter(Sale::known).count() / (double) sales.size();
    }

    @Test
    void theSameSeedBuildsTheSameChain() {
        TestTenant again = newTenant();
        world.build(again.id(), small());
        // the campaign's holdout is drawn at random on purpose, so the visits it brought (-M…) differ between builds
        List<Sale> first = historySales(tenant.id());
        List<Sale> second = historySales(again.id());
        assertThat(second).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i)).isEqualTo(first.get(i));
        }
        assertThat(historyEvents(again.id())).isEqualTo(historyEvents(tenant.id()));
    }

    @Test
    void scansAtAPopUpWithoutItsStoreAreKeptAsFailedEventsForTheConsole() {
        // replaying them is the console's test: here the chain's events must stay as built
        var failed = tenant.admin().get("/api/v1/failed-events").json().get("items");
        assertThat(failed).hasSize(6);
        assertThat(failed.valueStream().map(f -> f.get("reasons").get(0).get("field").asString()))
                .containsOnly("store");
        assertThat(failed.valueStream().map(f -> f.get("payload").get("store").asString())).containsOnly("POP-1");
    }

    @Test
    void identityConsentAndReceiptsHaveCaughtUpWhenTheBuildReturns() {
        assertThat(unresolvedAtReturn).as("events identity had not followed when the build returned").isZero();
        assertThat(queuedAtReturn).as("messages still queued when the build returned").isZero();
        long profiles = jdbc.sql("SELECT COUNT(DISTINCT profile_id) FROM identity_event i JOIN capture_event c"
                        + " ON c.seq = i.seq WHERE c.tenant_id = :t AND i.profile_id IS NOT NULL")
                .param("t", tenant.id()).query(Long.class).single();
        assertThat(profiles).as("people known").isBetween(50L, 2_000L);
        assertThat(tenant.admin().get("/api/v1/receipts").json().get("items").size())
                .as("digital receipts of the last week's sales").isPositive();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM consent_entry WHERE tenant_id = :t AND status = 'withdrawn'")
                .param("t", tenant.id()).query(Long.class).single()).as("consents refused or withdrawn").isPositive();
    }

    @Test
    void theChainsClubMembersEarnOnTheirSalesReachTiersAndSpendPoints() {
        var members = tenant.admin().get("/api/v1/loyalty/members/list?limit=500").json().path("members");
        assertThat(members.size()).as("club members").isPositive();
        long earned = 0;
        for (var member : members) {
            earned += member.path("lifetime").asLong();
        }
        assertThat(earned).as("points earned on the history's sales").isPositive();
        assertThat(members.findValuesAsString("tier")).as("tiers reached").contains("Green");
        var programme = tenant.admin().get("/api/v1/loyalty/program").json();
        assertThat(programme.path("promotions").size()).as("a double points weekend and outerwear days").isEqualTo(2);
        assertThat(programme.path("bonuses").has("referral")).isTrue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM loyalty_redemption WHERE tenant_id = :t")
                .param("t", tenant.id()).query(Long.class).single()).as("points spent at the till").isPositive();
    }

    @Test
    void storesKeepTheChainsOpeningHours() {
        var berlin = tenant.admin().get("/api/v1/stores?limit=10").json().get("items").get(0);
        assertThat(berlin.get("code").asString()).isEqualTo("BER-MITTE");
        assertThat(berlin.get("openingHours").size()).as("Monday to Saturday, closed on Sunday").isEqualTo(6);
        assertThat(berlin.get("openingHours").get(0).toString())
                .isEqualTo("{\"day\":\"monday\",\"opens\":\"10:00\",\"closes\":\"20:00\"}");
    }

    @Test
    void twoJourneysAreSwitchedOnWithTheSegmentsMembersInside() {
        var journeys = tenant.admin().get("/api/v1/journeys").json().get("items");
        assertThat(journeys).extracting(j -> j.get("name").asString())
                .containsExactlyInAnyOrder("Win back lapsed buyers", "Thank the regulars");
        for (var journey : journeys) {
            assertThat(journey.get("status").asString()).isEqualTo("active");
            assertThat(journey.get("active").asLong()).as(journey.get("name").asString()).isPositive();
        }
        assertThat(journeys.toString()).as("the win-back waits for a purchase, else gives staff a task")
                .contains("waitFor").contains("\"task\"");
    }

    @Test
    void theChainsBrandAndTheWordingsItsTicksNameAreRegistered() {
        assertThat(tenant.admin().get("/api/v1/brand").json().get("primaryColor").asString()).isEqualTo(Chain.GREEN);
        var versions = tenant.admin().get("/api/v1/consent/wordings").json().findValuesAsString("version");
        assertThat(versions).containsExactlyInAnyOrder("till-2025", "wifi-2025", "club-2025");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM consent_entry WHERE tenant_id = :t AND wording_version IS NOT NULL"
                + " AND wording_version NOT IN ('till-2025', 'wifi-2025', 'club-2025')").param("t", tenant.id())
                .query(Long.class).single()).as("every tick names a registered wording").isZero();
    }

    @Test
    void receiptsAreOpenedAndFollowedInTheDemosPastAfterTheirSale() {
        List<Instant[]> opened = jdbc.sql("SELECT occurred_at, first_viewed_at FROM receipt WHERE tenant_id = :t"
                        + " AND first_viewed_at IS NOT NULL").param("t", tenant.id())
                .query((rs, n) -> new Instant[]{rs.getObject(1, java.time.OffsetDateTime.class).toInstant(),
                        rs.getObject(2, java.time.OffsetDateTime.class).toInstant()}).list();
        long receipts = jdbc.sql("SELECT COUNT(*) FROM receipt WHERE tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single();
        assertThat(opened.size()).as("most of %s receipts are opened", receipts).isGreaterThan((int) (receipts / 3));
        for (Instant[] receipt : opened) {
            assertThat(receipt[1]).isAfter(receipt[0]).isBefore(started);
        }
        List<Instant> clicks = instants("""
                SELECT c.first_clicked_at FROM receipt_cta c JOIN receipt r ON r.id = c.receipt_id
                 WHERE r.tenant_id = :t AND c.cta = 'shop' AND c.first_clicked_at IS NOT NULL
                """);
        assertThat(clicks).as("some follow the shop link").isNotEmpty().allMatch(at -> at.isBefore(started));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM capture_event WHERE tenant_id = :t AND type = 'receipt.viewed'")
                .param("t", tenant.id()).query(Long.class).single()).as("on the customers' timelines")
                .isEqualTo(opened.size());
    }

    @Test
    void couponsAndSurveyAnswersAreDatedOverTheDemosPastNotTheMomentItRan() {
        List<Instant> issued = instants("SELECT issued_at FROM coupon WHERE tenant_id = :t");
        List<Instant> redeemed = instants("SELECT redeemed_at FROM coupon_redemption WHERE tenant_id = :t");
        List<Instant> answered = instants("SELECT answered_at FROM survey_response WHERE tenant_id = :t");
        for (List<Instant> moments : List.of(issued, redeemed, answered)) {
            assertThat(moments).isNotEmpty().allMatch(at -> at.isBefore(started));
            assertThat(moments.stream().map(at -> at.atZone(java.time.ZoneOffset.UTC).toLocalDate()).distinct()
                    .count()).as("spread over days").isGreaterThan(3);
        }
    }

    private List<Instant> instants(String sql) {
        return jdbc.sql(sql).param("t", tenant.id())
                .query((rs, n) -> rs.getObject(1, java.time.OffsetDateTime.class).toInstant()).list();
    }

    private List<Sale> historySales(UUID tenantId) {
        List<String> ids = jdbc.sql("SELECT transaction_id FROM pos_transaction WHERE tenant_id = :t"
                + " ORDER BY transaction_id").param("t", tenantId).query(String.class).list();
        List<Sale> all = sales(tenantId);
        List<Sale> history = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (!MAILING_VISIT.matcher(ids.get(i)).find()) {
                history.add(all.get(i));
            }
        }
        return history;
    }

    private long historyEvents(UUID tenantId) {
        return jdbc.sql("SELECT COUNT(*) FROM capture_event WHERE tenant_id = :t").param("t", tenantId)
                .query(Long.class).single() - jdbc.sql("SELECT COUNT(*) FROM pos_transaction WHERE tenant_id = :t"
                + " AND transaction_id LIKE :mailing").param("t", tenantId).param("mailing", MAILING_VISIT_LIKE)
                .query(Long.class).single();
    }

    @Test
    void theNewSeasonMailingShowsItsRecipientsAgainstTheHoldoutWithALift() {
        JsonNode campaigns = tenant.admin().get("/api/v1/campaigns").json().get("items");
        assertThat(campaigns).hasSize(1);
        JsonNode campaign = campaigns.get(0);
        assertThat(campaign.get("name").asString()).isEqualTo("New season mailing");
        assertThat(campaign.get("status").asString()).isEqualTo("sent");
        assertThat(Instant.parse(campaign.get("sentAt").asString())).isBefore(started.minus(Duration.ofDays(19)));
        JsonNode results = tenant.admin().get("/api/v1/campaigns/" + campaign.get("id").asString()
                + "/results?days=14").json();
        JsonNode recipients = results.get("recipients");
        JsonNode holdout = results.get("holdout");
        assertThat(holdout.get("members").asLong()).isPositive();
        assertThat(recipients.get("members").asLong()).isGreaterThan(holdout.get("members").asLong());
        // the holdout is drawn at random, so in a chain this small who buys anyway decides the sign of the lift;
        // what the chain controls is that the mailing's visits come from recipients only
        List<String> broughtBack = jdbc.sql("SELECT customer FROM pos_transaction WHERE tenant_id = :t"
                + " AND transaction_id LIKE :mailing").param("t", tenant.id()).param("mailing", MAILING_VISIT_LIKE)
                .query(String.class).list();
        assertThat(broughtBack).isNotEmpty();
        for (String customer : broughtBack) {
            String email = json.readTree(customer).get("email").asString();
            UUID person = identity.findByIdentifier(tenant.id(), IdentifierType.EMAIL, email).orElseThrow();
            assertThat(jdbc.sql("SELECT holdout FROM campaign_recipient WHERE campaign_id = :c AND person_id = :p")
                    .param("c", UUID.fromString(campaign.get("id").asString())).param("p", person)
                    .query(Boolean.class).optional()).as(email).contains(false);
        }
        assertThat(recipients.get("buyers").asLong()).isGreaterThanOrEqualTo(broughtBack.stream().distinct().count());
        assertThat(results.get("lift").get("groups").get(1).get("conversion").get("ci95")).hasSize(2);
    }

    @Test
    void theConsoleHomeShowsTheDemoFigures() throws Exception {
        var http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String login = http.send(HttpRequest.newBuilder(uri("/login")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login);
        assertThat(csrf.find()).isTrue();
        String form = form(Map.of("username", tenant.adminEmail(), "password", PASSWORD, "_csrf", csrf.group(1)));
        var signedIn = http.send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        String home = http.send(HttpRequest.newBuilder(uri("/?store=&period=30d")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String figure : List.of("sales", "revenue-EUR", "revenue-GBP", "newCustomers", "returningCustomers",
                "consents", "couponsRedeemed", "receiptsOpened", "casesOpened")) {
            assertThat(figure(home, figure)).as(figure).isNotIn("0", "—", "");
        }
    }

    @Test
    void itRefusesADatabaseHoldingAnotherTenantsData() {
        newTenant().createStore("REAL-1");
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = installer.install(SMALL, new PrintStream(out), new PrintStream(err));
        assertThat(status).isEqualTo(DemoInstaller.REFUSED);
        assertThat(err.toString()).contains("holds the data of tenant").contains("empty database");
        assertThat(installer.demoTenant()).isEmpty();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String form(Map<String, String> fields) {
        return String.join("&", fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(),
                StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).toList());
    }

    private static String figure(String page, String key) {
        int at = page.indexOf("data-figure=\"" + key + "\"");
        assertThat(at).as("figure " + key).isPositive();
        int value = page.indexOf("class=\"value\">", at) + "class=\"value\">".length();
        return page.substring(value, page.indexOf('<', value)).strip();
    }
}

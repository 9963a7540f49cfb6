package io.footbridge.console;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A store manager works in the console with their stores' customers, purchases, cases and figures, and no others'. */
class ConsoleStoreScopeTests extends ApiTest {

    private TestTenant tenant;
    private String both;
    private String hamburgOnly;
    private String berlinSale;
    private String hamburgSale;
    private String hamburgCase;
    private ConsoleClient berlinManager;

    @BeforeEach
    void twoStores() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        tenant.createStore("HAM-1");
        String shopper = "both-" + UUID.randomUUID() + "@example.com";
        String hamburger = "ham-" + UUID.randomUUID() + "@example.com";
        berlinSale = sale("BER-1", shopper, 1250);
        hamburgSale = sale("HAM-1", shopper, 98_700);
        sale("HAM-1", hamburger, 4_400);
        var opened = tenant.admin().post("/api/v1/cases", Map.of("store", "HAM-1", "subject", "Cold coffee in Hamburg",
                "contact", Map.of("email", shopper)));
        assertThat(opened.status()).as(opened.toString()).isEqualTo(201);
        hamburgCase = opened.json().get("id").asString();
        awaitResolved(tenant.id());
        for (int i = 0; i < 200 && tenant.admin().get("/api/v1/receipts").json().get("items").size() < 3; i++) {
            sleep();
        }
        both = profile(shopper);
        hamburgOnly = profile(hamburger);
        tenant.createUser("store_manager", "BER-1");
        String managerEmail = jdbc.sql("SELECT email FROM staff_user WHERE tenant_id = :t AND role = 'store_manager'")
                .param("t", tenant.id()).query(String.class).single();
        berlinManager = new ConsoleClient(port);
        assertThat(berlinManager.login(managerEmail, PASSWORD).statusCode()).isEqualTo(302);
    }

    @Test
    void theHomeFiguresCountTheManagersStoresOnly() {
        HttpResponse<String> mine = berlinManager.get("/?store=&period=7d");
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(figure(mine.body(), "sales")).isEqualTo("1");
        assertThat(figure(mine.body(), "revenue-EUR")).isEqualTo("€12.50");
        assertThat(figure(mine.body(), "casesOpened")).isEqualTo("0");
        assertThat(mine.body()).doesNotContain("HAM-1").doesNotContain("€987.00");

        HttpResponse<String> theirs = berlinManager.get("/?store=HAM-1");
        assertThat(theirs.statusCode()).as("another store's figures").isEqualTo(403);
        assertThat(theirs.body()).doesNotContain("€987.00");

        ConsoleClient admin = new ConsoleClient(port);
        admin.login(tenant.adminEmail(), PASSWORD);
        String all = admin.get("/?store=&period=7d").body();
        assertThat(figure(all, "sales")).as("the admin sees every store").isEqualTo("3");
        assertThat(figure(all, "casesOpened")).isEqualTo("1");
    }

    @Test
    void aCustomerOfBothStoresShowsOnlyTheManagersStore() {
        HttpResponse<String> person = berlinManager.get("/console/customers/" + both);
        assertThat(person.statusCode()).isEqualTo(200);
        assertThat(person.body()).as("the Berlin receipt and spend").contains(berlinSale).contains("€12.50")
                .doesNotContain(hamburgSale).doesNotContain("€987.00")
                .doesNotContain("Cold coffee in Hamburg").doesNotContain("HAM-1");
        HttpResponse<String> timeline = berlinManager.get("/console/customers/" + both + "/timeline");
        assertThat(timeline.body()).contains("pos.purchase").doesNotContain("HAM-1").doesNotContain("case.opened");
        assertThat(berlinManager.get("/console/customers/" + both + "/export").statusCode())
                .as("an export holds every store's data").isEqualTo(403);
    }

    @Test
    void aCustomerOnlyAnotherStoreKnowsIsNotThere() {
        assertThat(berlinManager.get("/console/customers/" + hamburgOnly).statusCode()).isEqualTo(404);
        String email = tenant.admin().get("/api/v1/profiles/" + hamburgOnly).json().get("identifiers").get(0)
                .get("value").asString();
        HttpResponse<String> search = berlinManager.get("/console/customers?q=" + email.replace("@", "%40"));
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(search.body()).contains("No customer found.").doesNotContain(hamburgOnly);
    }

    @Test
    void anotherStoresCasesAreNeitherListedOnTheBoardNorOpenedNorNoted() {
        ConsoleClient admin = new ConsoleClient(port);
        admin.login(tenant.adminEmail(), PASSWORD);
        for (String page : List.of("/console/convert/cases", "/console/convert/cases/board")) {
            assertThat(admin.get(page + "?store=HAM-1").body()).as("the admin's " + page)
                    .contains("Cold coffee in Hamburg");
            HttpResponse<String> mine = berlinManager.get(page + "?store=");
            assertThat(mine.statusCode()).as(page).isEqualTo(200);
            assertThat(mine.body()).as(page).doesNotContain("Cold coffee in Hamburg");
            HttpResponse<String> theirs = berlinManager.get(page + "?store=HAM-1");
            assertThat(theirs.statusCode()).as(page + " with the other store's code").isEqualTo(403);
            assertThat(theirs.body()).doesNotContain("Cold coffee in Hamburg");
            assertThat(berlinManager.get(page).body()).as("a refused pick is not remembered")
                    .doesNotContain("Cold coffee in Hamburg");
        }

        HttpResponse<String> opened = berlinManager.get("/console/convert/cases/" + hamburgCase);
        assertThat(opened.statusCode()).isEqualTo(404);
        assertThat(opened.body()).doesNotContain("Cold coffee in Hamburg");
        String token = ConsoleClient.csrf(berlinManager.get("/console/convert/cases").body());
        HttpResponse<String> noted = berlinManager.post("/console/convert/cases/" + hamburgCase + "/notes", token,
                Map.of("text", "Looked into it from Berlin"));
        assertThat(noted.statusCode()).isEqualTo(404);
        HttpResponse<String> moved = berlinManager.post("/console/convert/cases/" + hamburgCase + "/status", token,
                Map.of("status", "resolved", "customerMessage", "Done"));
        assertThat(moved.statusCode()).isEqualTo(404);
        var kase = tenant.admin().get("/api/v1/cases/" + hamburgCase).json();
        assertThat(kase.get("notes")).as("no note from Berlin").isEmpty();
        assertThat(kase.get("status").asString()).isEqualTo("open");
    }

    @Test
    void anotherStoresFiguresAreRefusedOnEveryPageThatShowsFigures() {
        ConsoleClient admin = new ConsoleClient(port);
        admin.login(tenant.adminEmail(), PASSWORD);
        assertThat(admin.get("/console/analytics?store=&period=7d").body()).as("the admin's figures name Hamburg")
                .contains("HAM-1");
        HttpResponse<String> mine = berlinManager.get("/console/analytics?store=&period=7d");
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(mine.body()).contains("BER-1").doesNotContain("HAM-1");

        for (String page : List.of("/?store=HAM-1", "/console/analytics?store=HAM-1",
                "/console/analytics?csv=kpis&store=HAM-1", "/console/analytics?csv=capture&store=HAM-1",
                "/console/convert/surveys?store=HAM-1")) {
            HttpResponse<String> theirs = berlinManager.get(page);
            assertThat(theirs.statusCode()).as(page).isEqualTo(403);
            // Hamburg's €987.00 as a number of its own: random ids and tokens on the page may hold the digits
            assertThat(theirs.body()).as(page).doesNotContainPattern("(?<![\\w-])987(?:00)?(?![\\w-])");
        }
        String csv = berlinManager.get("/console/analytics?csv=capture&store=&period=7d").body();
        assertThat(csv).as("the manager's download").contains("BER-1").doesNotContain("HAM-1");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String sale(String store, String email, long total) {
        String id = "T-" + UUID.randomUUID();
        ApiClient till = anonymous.bearer(tenant.createKey("till " + store, store, "pos"));
        var sale = till.post("/api/v1/transactions", Map.of("transactionId", id, "store", store,
                "occurredAt", Instant.now().minusSeconds(3600).toString(), "currency", "EUR",
                "lines", List.of(Map.of("sku", "CAKE", "quantity", 1, "unitPrice", total)), "total", total,
                "customer", Map.of("email", email), "receipt", "email"));
        assertThat(sale.status()).as(sale.toString()).isEqualTo(201);
        return id;
    }

    private String profile(String email) {
        return tenant.admin().get("/api/v1/profiles?email=" + email).json().get("items").get(0).get("id").asString();
    }

    /** The value a figure shows on the home page. */
    static String figure(String page, String key) {
        int at = page.indexOf("data-figure=\"" + key + "\"");
        assertThat(at).as("figure " + key).isPositive();
        int value = page.indexOf("class=\"value\">", at) + "class=\"value\">".length();
        return page.substring(value, page.indexOf('<', value));
    }
}

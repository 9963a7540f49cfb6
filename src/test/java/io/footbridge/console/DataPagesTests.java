package io.footbridge.console;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data & settings in the console: imports, failed events, staff users, API keys and the audit log, with the API's
 * rules: the same services answer, problems stand next to their field, store-bound accounts get none of it.
 */
class DataPagesTests extends ApiTest {

    private static final Pattern SECRET = Pattern.compile("value=\"(fbk_[A-Za-z0-9_-]+)\"");

    private TestTenant tenant;
    private ConsoleClient console;

    @BeforeEach
    void signedIn() {
        tenant = newTenant();
        tenant.createStore("BER-1");
        console = new ConsoleClient(port);
        assertThat(console.login(tenant.adminEmail(), PASSWORD).statusCode()).isEqualTo(302);
    }

    @Test
    void aCsvUploadedInTheConsoleIsImportedAndItsLeftOutRowsAreShownWithWhy() throws Exception {
        String token = ConsoleClient.csrf(console.get("/console/data/imports").body());
        byte[] csv = """
                sku,name,category,price,currency
                COF-250,Espresso beans 250 g,coffee,899,EUR
                MUG-01,,tableware,1450,EUR
                TEA-01,Green tea,tea,599,EUR
                """.getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> uploaded = console.upload("/console/data/imports", token,
                Map.of("kind", "products", "amounts", "minor"), "file", "catalogue.csv", csv);

        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(302);
        String location = URI.create(uploaded.headers().firstValue("Location").orElseThrow()).getPath();
        String id = location.substring(location.lastIndexOf('/') + 1);
        JsonNode job = awaitImport(id);
        assertThat(job.get("status").asString()).isEqualTo("succeeded");
        assertThat(job.get("imported").asLong()).isEqualTo(2);
        assertThat(job.get("fileName").asString()).isEqualTo("catalogue.csv");
        assertThat(tenant.admin().get("/api/v1/products/TEA-01").status()).isEqualTo(200);

        String page = console.get(location).body();
        assertThat(page).contains("catalogue.csv").contains("<progress id=\"import-bar\" max=\"100\" value=\"100\"")
                .doesNotContain("hx-trigger").contains("name").contains("<td class=\"num\">3</td>");
        HttpResponse<String> progress = console.getAsHtmx(location + "/progress");
        assertThat(progress.body()).contains("id=\"import-bar\"").doesNotContain("<html");
        assertThat(progress.headers().firstValue("HX-Refresh")).as("ended: the whole page once more").hasValue("true");
        assertThat(console.get(location + "/progress").statusCode()).as("not htmx: the page").isEqualTo(302);
        assertThat(console.get("/console/data/imports").body()).contains("catalogue.csv");
        assertThat(console.get(location + "?lang=de").body()).contains("Ausgelassene Zeilen und warum")
                .contains("lang=\"de\"");
    }

    @Test
    void aRefusedUploadComesBackWithTheProblemAtItsFieldAndStartsNoImport() {
        String token = ConsoleClient.csrf(console.get("/console/data/imports").body());

        HttpResponse<String> noFile = console.upload("/console/data/imports", token,
                Map.of("kind", "products", "amounts", "minor"), "file", "", null);
        assertThat(noFile.statusCode()).isEqualTo(400);
        assertThat(noFile.body()).contains("id=\"file-error\"").contains("aria-invalid=\"true\"");

        HttpResponse<String> badKind = console.upload("/console/data/imports", token,
                Map.of("kind", "wishes", "amounts", "minor"), "file", "x.csv", "a,b\n1,2\n".getBytes());
        assertThat(badKind.statusCode()).isEqualTo(400);
        assertThat(badKind.body()).contains("id=\"kind-error\"");

        HttpResponse<String> badDelimiter = console.upload("/console/data/imports", token,
                Map.of("kind", "products", "amounts", "minor", "delimiter", ";;"), "file", "x.csv",
                "sku,name\nA,B\n".getBytes());
        assertThat(badDelimiter.statusCode()).isEqualTo(400);
        assertThat(badDelimiter.body()).contains("id=\"delimiter-error\"");

        HttpResponse<String> noToken = console.upload("/console/data/imports", null,
                Map.of("kind", "products", "amounts", "minor"), "file", "x.csv", "sku,name\nA,B\n".getBytes());
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(tenant.admin().get("/api/v1/imports").json().get("items")).isEmpty();
    }

    @Test
    void aBrokenMultipartBodyIsA4xxPageAndStartsNoImport() {
        String token = ConsoleClient.csrf(console.get("/console/data/imports").body());
        for (String type : List.of("multipart/form-data", "multipart/form-data; boundary=xyz")) {
            HttpResponse<String> broken = console.postRaw("/console/data/imports", type, token,
                    "--nothing like a part".getBytes(StandardCharsets.UTF_8));
            assertThat(broken.statusCode()).as(type + ": " + broken.body()).isBetween(400, 499);
            assertThat(broken.body()).doesNotContain("Exception", "Whitelabel", "Apache Tomcat");
        }
        ConsoleClient stranger = new ConsoleClient(port);
        String theirToken = ConsoleClient.csrf(stranger.get("/login").body());
        HttpResponse<String> anonymous = stranger.upload("/console/data/imports", theirToken,
                Map.of("kind", "products"), "file", "x.csv", "sku,name\nA,B\n".getBytes(StandardCharsets.UTF_8));
        assertThat(anonymous.statusCode()).as("not signed in: the body is not even read").isIn(302, 401, 403);
        assertThat(tenant.admin().get("/api/v1/imports").json().get("items")).isEmpty();
    }

    @Test
    void failedEventsAreReadFilteredAndReplayedThroughTheIngestionOnceTheCauseIsFixed() {
        String missing = event("HAM-1");
        String stillBad = event("NOWHERE");
        String page = console.get("/console/data/failed-events").body();
        assertThat(page).contains(missing).contains(stillBad).contains("is not an active store of this tenant");
        assertThat(console.get("/console/data/failed-events?reason=nothing+like+this").body())
                .doesNotContain(missing);
        assertThat(console.get("/console/data/failed-events?source=batch").body()).doesNotContain(missing);
        assertThat(console.get("/console/data/failed-events?source=api&reason=ACTIVE+STORE").body())
                .contains(missing);
        assertThat(console.get("/console/data/failed-events/" + missing).body()).contains("HAM-1");

        tenant.createStore("HAM-1");
        HttpResponse<String> replayed = console.post("/console/data/failed-events/replay", ConsoleClient.csrf(page),
                Map.of("ids", missing));
        assertThat(replayed.statusCode()).isEqualTo(302);
        assertThat(tenant.admin().get("/api/v1/failed-events/" + missing).json().get("status").asString())
                .isEqualTo("replayed");
        assertThat(tenant.admin().get("/api/v1/events?type=qr.scan").json().get("items")).hasSize(1);
        assertThat(console.get("/console/data/failed-events?status=replayed").body()).contains(missing);

        // a replay of what was replayed is no second event
        console.post("/console/data/failed-events/replay", ConsoleClient.csrf(page), Map.of("one", missing));
        assertThat(tenant.admin().get("/api/v1/events?type=qr.scan").json().get("items")).hasSize(1);

        HttpResponse<String> discarded = console.post("/console/data/failed-events/" + stillBad + "/discard",
                ConsoleClient.csrf(page), Map.of());
        assertThat(discarded.statusCode()).isEqualTo(302);
        assertThat(console.get("/console/data/failed-events?status=discarded").body()).contains(stillBad);
        assertThat(console.get("/console/data/failed-events?status=lost").statusCode()).isEqualTo(400);
        assertThat(console.get("/console/data/failed-events?after=garbage").statusCode()).isEqualTo(400);
    }

    @Test
    void theApiReplaysManyFailedEventsEachWithItsOutcome() {
        String first = event("HAM-1");
        String second = event("HAM-1");
        String other = newTenantsFailedEvent();
        tenant.createStore("HAM-1");

        var answer = tenant.admin().post("/api/v1/failed-events/replay", Map.of("ids", List.of(first, second,
                other, first)));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode items = answer.json().get("items");
        assertThat(items).hasSize(3);
        assertThat(items.get(0).get("outcome").asString()).isEqualTo("accepted");
        assertThat(items.get(1).get("outcome").asString()).isEqualTo("accepted");
        assertThat(items.get(2).get("outcome").asString()).as("another tenant's").isEqualTo("not_found");
        var again = tenant.admin().post("/api/v1/failed-events/replay", Map.of("ids", List.of(first)));
        assertThat(again.json().get("items").get(0).get("outcome").asString()).isEqualTo("resolved");

        assertThat(tenant.admin().post("/api/v1/failed-events/replay", Map.of("ids", List.of())).errorFields())
                .contains("ids");
        assertThat(tenant.admin().post("/api/v1/failed-events/replay", Map.of("ids", List.of("not-a-uuid")))
                .status()).isEqualTo(400);
        assertThat(tenant.admin().post("/api/v1/failed-events/replay", "{").status()).isEqualTo(400);
        var manager = tenant.createUser("store_manager", "BER-1");
        assertThat(manager.post("/api/v1/failed-events/replay", Map.of("ids", List.of(first))).status())
                .isEqualTo(403);
    }

    @Test
    void replaysOfOneFailedEventAtTheSameMomentCaptureItOnce() throws Exception {
        String failed = event("HAM-1");
        tenant.createStore("HAM-1");
        List<String> outcomes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        concurrently(4, () -> {
            var answer = tenant.admin().post("/api/v1/failed-events/replay", Map.of("ids", List.of(failed)));
            outcomes.add(answer.json().get("items").get(0).get("outcome").asString());
            return answer.status();
        });
        assertThat(outcomes).containsOnlyOnce("accepted").containsOnly("accepted", "resolved");
        assertThat(tenant.admin().get("/api/v1/events?type=qr.scan").json().get("items")).hasSize(1);
    }

    @Test
    void staffUsersAreAddedChangedAndDisabledWithTheApisRulesAndReasonsAtTheirFields() {
        String token = ConsoleClient.csrf(console.get("/console/data/users").body());
        String email = "manager-" + UUID.randomUUID() + "@brand.test";

        HttpResponse<String> refused = console.post("/console/data/users", token, Map.of("email", "not-an-email",
                "role", "store_manager", "password", "short"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"email-error\"").contains("id=\"password-error\"");
        HttpResponse<String> noStore = console.post("/console/data/users", token, Map.of("email", email,
                "role", "store_manager", "password", PASSWORD));
        assertThat(noStore.body()).contains("id=\"storeCodes-error\"").contains("value=\"" + email + "\"");

        HttpResponse<String> created = console.post("/console/data/users", token, Map.of("email", email,
                "name", "Mia", "role", "store_manager", "password", PASSWORD, "storeCodes", "BER-1"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        String location = URI.create(created.headers().firstValue("Location").orElseThrow()).getPath();
        ApiClient mia = anonymous.basic(email, PASSWORD);
        assertThat(mia.get("/api/v1/stores").status()).isEqualTo(200);

        HttpResponse<String> changed = console.post(location, token, Map.of("name", "Mia", "role", "marketer"));
        assertThat(changed.statusCode()).isEqualTo(302);
        assertThat(console.get(location).body()).contains("selected=\"selected\">Marketer");
        assertThat(tenant.admin().get(location.replace("/console/data/users", "/api/v1/users")).json()
                .get("role").asString()).isEqualTo("marketer");

        assertThat(console.post(location + "/disable", token, Map.of()).statusCode()).isEqualTo(302);
        assertThat(mia.get("/api/v1/stores").status()).isEqualTo(401);

        // the tenant's last admin stays an admin
        String self = tenant.admin().get("/api/v1/users").json().get("items").valueStream()
                .filter(u -> u.get("email").asString().equals(tenant.adminEmail())).findFirst().orElseThrow()
                .get("id").asString();
        HttpResponse<String> lastAdmin = console.post("/console/data/users/" + self, token,
                Map.of("role", "marketer"));
        assertThat(lastAdmin.statusCode()).isEqualTo(409);
        assertThat(lastAdmin.body()).contains("at least one active admin");
    }

    @Test
    void aManagerBoundToAnArchivedStoreKeepsThatBindingWhenTheFormIsSaved() {
        String archivedId = tenant.createStore("HAM-1");
        String email = "manager-" + UUID.randomUUID() + "@brand.test";
        assertThat(tenant.admin().post("/api/v1/users", Map.of("email", email, "role", "store_manager",
                "password", PASSWORD, "storeCodes", List.of("BER-1", "HAM-1"))).status()).isEqualTo(201);
        assertThat(tenant.admin().delete("/api/v1/stores/" + archivedId).status()).isEqualTo(204);
        String id = tenant.admin().get("/api/v1/users").json().get("items").valueStream()
                .filter(u -> u.get("email").asString().equals(email)).findFirst().orElseThrow().get("id").asString();

        // the form a browser submits holds the checked boxes: the archived store's must be there and checked
        String page = console.get("/console/data/users/" + id).body();
        Matcher box = Pattern.compile("<input[^>]*id=\"store-HAM-1\"[^>]*>").matcher(page);
        assertThat(box.find()).as("a box for the archived store").isTrue();
        assertThat(box.group()).contains("checked");
        assertThat(page).contains("HAM-1 · Store HAM-1 (archived)");
    }

    @Test
    void aTenantAdminCannotChangeTheInstallationAdminInTheConsole() {
        String admin = "second-admin-" + UUID.randomUUID() + "@footbridge.test";
        assertThat(installer.post("/api/v1/users", Map.of("email", admin, "role", "admin", "password", PASSWORD))
                .status()).isEqualTo(201);
        String installerId = installer.get("/api/v1/users").json().get("items").valueStream()
                .filter(u -> u.get("email").asString().equals(INSTALLER_EMAIL)).findFirst().orElseThrow()
                .get("id").asString();
        ConsoleClient second = new ConsoleClient(port);
        assertThat(second.login(admin, PASSWORD).statusCode()).isEqualTo(302);
        String token = ConsoleClient.csrf(second.get("/console/data/users").body());

        assertThat(second.post("/console/data/users/" + installerId + "/disable", token, Map.of()).statusCode())
                .isEqualTo(403);
        assertThat(second.post("/console/data/users/" + installerId + "/password", token,
                Map.of("password", "taken-over-by-someone")).statusCode()).isEqualTo(403);
        JsonNode disabledAt = installer.get("/api/v1/users/" + installerId).json().path("disabledAt");
        assertThat(disabledAt.isNull() || disabledAt.isMissingNode()).isTrue();
        assertThat(installer.get("/api/v1/users").status()).as("the installer's password is unchanged")
                .isEqualTo(200);
    }

    @Test
    void anApiKeysSecretIsShownOnceWorksAndStopsWhenRevoked() {
        String token = ConsoleClient.csrf(console.get("/console/data/api-keys").body());
        HttpResponse<String> refused = console.post("/console/data/api-keys", token, Map.of("name", ""));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"name-error\"").contains("id=\"scopes-error\"");
        assertThat(console.post("/console/data/api-keys", token, Map.of("name", "Grafana", "scopes", "metrics"))
                .statusCode()).as("only the installation admin grants metrics").isEqualTo(403);
        assertThat(console.post("/console/data/api-keys", token, Map.of("name", "Till", "scopes", "pos",
                "storeCode", "NOPE")).body()).contains("id=\"storeCode-error\"");

        HttpResponse<String> created = console.post("/console/data/api-keys", token, Map.of("name", "Till",
                "scopes", "stores:read", "storeCode", "BER-1"));
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        Matcher secret = SECRET.matcher(created.body());
        assertThat(secret.find()).as("the secret on the answer").isTrue();
        ApiClient till = anonymous.bearer(secret.group(1));
        assertThat(till.get("/api/v1/stores").status()).isEqualTo(200);

        String list = console.get("/console/data/api-keys").body();
        assertThat(list).contains("Till").doesNotContain(secret.group(1));
        String keyId = tenant.admin().get("/api/v1/api-keys").json().get("items").get(0).get("id").asString();
        assertThat(console.post("/console/data/api-keys/" + keyId + "/revoke", token, Map.of()).statusCode())
                .isEqualTo(302);
        assertThat(till.get("/api/v1/stores").status()).isEqualTo(401);
        assertThat(console.get("/console/data/api-keys?revoked=true").body()).contains("Till");
    }

    @Test
    void theAuditLogIsFilteredByActorActionAndDayAndABadDayIsShownAtItsField() {
        tenant.createKey("Webshop", null, "events:write");
        String today = LocalDate.now(java.time.ZoneId.of("Europe/Berlin")).toString();

        String all = console.get("/console/data/audit").body();
        assertThat(all).contains("<td>api_key.created</td>").contains("<td>store.created</td>");
        assertThat(console.get("/console/data/audit?action=api_key.created").body())
                .contains("<td>api_key.created</td>").doesNotContain("<td>store.created</td>");
        assertThat(console.get("/console/data/audit?who=" + tenant.adminEmail().substring(0, 10)).body())
                .contains("<td>api_key.created</td>");
        assertThat(console.get("/console/data/audit?who=nobody").body()).doesNotContain("<td>api_key.created</td>");
        assertThat(console.get("/console/data/audit?from=" + today + "&to=" + today).body())
                .contains("<td>api_key.created</td>");
        assertThat(console.get("/console/data/audit?to=2001-01-01").body()).doesNotContain("<td>api_key.created</td>");
        HttpResponse<String> bad = console.get("/console/data/audit?from=yesterday");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"from-error\"");
        assertThat(tenant.admin().get("/api/v1/audit-log?actor=nobody").json().get("items")).isEmpty();
    }

    @Test
    void aStoreManagerGetsNoneOfTheDataAndSettingsPages() {
        var manager = "manager-" + UUID.randomUUID() + "@brand.test";
        assertThat(tenant.admin().post("/api/v1/users", Map.of("email", manager, "role", "store_manager",
                "password", PASSWORD, "storeCodes", List.of("BER-1"))).status()).isEqualTo(201);
        ConsoleClient theirs = new ConsoleClient(port);
        assertThat(theirs.login(manager, PASSWORD).statusCode()).isEqualTo(302);
        for (String page : List.of("/console/data/imports", "/console/data/failed-events", "/console/data/users",
                "/console/data/api-keys", "/console/data/audit")) {
            assertThat(theirs.get(page).statusCode()).as(page).isEqualTo(403);
        }
        String token = ConsoleClient.csrf(theirs.get("/console/data").body());
        assertThat(theirs.upload("/console/data/imports", token, Map.of("kind", "transactions"), "file", "s.csv",
                "a\n".getBytes()).statusCode()).isEqualTo(403);
        assertThat(tenant.admin().get("/api/v1/imports").json().get("items")).isEmpty();
    }

    /** A QR scan at a store that does not exist (yet); the failed event's id. */
    private String event(String store) {
        var answer = tenant.admin().post("/api/v1/events", Map.of("eventId", UUID.randomUUID().toString(),
                "type", "qr.scan", "store", store, "occurredAt", Instant.now().minusSeconds(30).toString(),
                "identifiers", Map.of("email", "ada-" + UUID.randomUUID() + "@example.com")));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        return answer.json().get("failedEventId").asString();
    }

    private String newTenantsFailedEvent() {
        TestTenant other = newTenant();
        var answer = other.admin().post("/api/v1/events", Map.of("type", "qr.scan", "store", "HAM-1",
                "occurredAt", Instant.now().minusSeconds(30).toString()));
        return answer.json().get("failedEventId").asString();
    }

    private JsonNode awaitImport(String id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        JsonNode job = tenant.admin().get("/api/v1/imports/" + id).json();
        while (System.currentTimeMillis() < deadline && List.of("queued", "running")
                .contains(job.get("status").asString())) {
            Thread.sleep(100);
            job = tenant.admin().get("/api/v1/imports/" + id).json();
        }
        return job;
    }
}

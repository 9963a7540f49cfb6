package io.footbridge.console;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.footbridge.audiences.SegmentsTestSupport.await;
import static io.footbridge.audiences.SegmentsTestSupport.purchase;
import static org.assertj.core.api.Assertions.assertThat;

/** The segment builder: the size as the rule is typed, problems at their place, the saved segment with its members. */
class SegmentPagesTests extends ApiTest {

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
    void theBuilderCountsTheRuleAsItIsTypedAndSavesIt() {
        var writer = anonymous.bearer(tenant.createKey("till", null, "events:write"));
        purchase(writer, "anna@example.com", "BER-1", 1200, 3, "coffee", Map.of());
        purchase(writer, "ben@example.com", "BER-1", 800, 2, "tea", Map.of());
        awaitResolved(tenant.id());
        String everyone = "{\"event\": {\"type\": \"pos.purchase\", \"within\": \"P30D\"}}";
        String page = console.get("/console/segments/new?example=lapsed").body();
        assertThat(page).contains("hx-post=\"/console/segments/preview\"").contains("noEvent");
        String token = ConsoleClient.csrf(page);
        await(() -> console.post("/console/segments/preview", token, Map.of("rule", everyone)).body()
                .contains("2 people"), java.time.Duration.ofSeconds(20), "both are counted");

        String coffee = "{\"event\": {\"type\": \"pos.purchase\", \"category\": \"coffee\"}}";
        assertThat(console.post("/console/segments/preview", token, Map.of("rule", coffee)).body())
                .contains("1 people");
        assertThat(console.post("/console/segments/preview", token, Map.of("rule",
                "{\"event\": {\"type\": \"pos.purchase\", \"within\": \"P-3D\"}}")).body())
                .contains("rule.event.within");
        assertThat(console.post("/console/segments/preview", token, Map.of("rule", "{\"event\": ")).body())
                .contains("rule: is not JSON");

        HttpResponse<String> refused = console.post("/console/segments", token, Map.of("name", "",
                "store", "", "rule", coffee));
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("id=\"name-error\"");
        HttpResponse<String> created = console.post("/console/segments", token, Map.of("name", "Coffee buyers",
                "store", "", "rule", coffee));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        String location = URI.create(created.headers().firstValue("Location").orElseThrow()).getPath();
        String shown = console.get(location).body();
        assertThat(shown).contains("<h1>Coffee buyers</h1>").contains("1 people").contains("entered");
        String id = location.substring(location.lastIndexOf('/') + 1);
        List<String> members = List.of(tenant.admin().get("/api/v1/segments/" + id + "/members").json()
                .get("items").get(0).asString());
        assertThat(shown).contains("/console/customers/" + UUID.fromString(members.get(0)));
        assertThat(shown).contains("name=\"fields\"").contains("value=\"email\"");
        HttpResponse<String> csv = console.get(location + "/members.csv?fields=personId&fields=email");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body().lines().toList()).containsExactly("personId,email", members.get(0)
                + ",anna@example.com");
        assertThat(console.get(location + "/members.csv?fields=shoeSize").statusCode()).isEqualTo(400);
        HttpResponse<String> badHook = console.post(location + "/destinations", ConsoleClient.csrf(shown),
                Map.of("url", "ftp://crm.example.com"));
        assertThat(badHook.statusCode()).isEqualTo(302);
        assertThat(console.get(location).body()).contains("id=\"url-error\"");
        HttpResponse<String> hook = console.post(location + "/destinations", ConsoleClient.csrf(shown),
                Map.of("url", "https://crm.example.com/hooks"));
        assertThat(hook.statusCode()).isEqualTo(302);
        String withHook = console.get(location).body();
        String destination = tenant.admin().get("/api/v1/segments/" + id + "/destinations").json().get("items").get(0)
                .get("id").asString();
        assertThat(withHook).contains("https://crm.example.com/hooks").contains("signing secret, shown this once")
                .contains("/destinations/" + destination + "/delete");
        assertThat(console.get(location).body()).doesNotContain("signing secret, shown this once");
        assertThat(console.get("/console/segments").body()).contains("Coffee buyers");
        assertThat(console.get("/console/segments?lang=de").body()).contains("<h1>Segmente</h1>");
    }

    @Test
    void aScheduledFileIsAddedWrittenAndRemovedFromTheSegmentsPage() {
        String id = tenant.admin().post("/api/v1/segments", Map.of("name", "With email", "rule",
                Map.of("identifier", Map.of("type", "email")))).json().get("id").asString();
        String location = "/console/segments/" + id;
        String shown = console.get(location).body();
        assertThat(shown).contains("Scheduled files").contains("No scheduled files yet.");

        HttpResponse<String> added = console.post(location + "/files", ConsoleClient.csrf(shown),
                Map.of("format", "google", "every", "PT6H"));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(302);
        var listed = tenant.admin().get("/api/v1/segments/" + id + "/files").json().get("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("format").asString()).isEqualTo("google");
        assertThat(listed.get(0).get("every").asString()).isEqualTo("PT6H");
        String destination = listed.get(0).get("id").asString();
        await(() -> !tenant.admin().get("/api/v1/segments/" + id + "/files").json().get("items").get(0)
                .get("lastFile").isNull(), java.time.Duration.ofSeconds(30), "the first file is written");
        String withFile = console.get(location).body();
        assertThat(withFile).contains(tenant.id() + "/" + destination).contains("audience-google-")
                .contains("/files/" + destination + "/run");
        assertThat(console.get(location + "?lang=de").body()).contains("Geplante Dateien");

        HttpResponse<String> removed = console.post(location + "/files/" + destination + "/delete",
                ConsoleClient.csrf(withFile), Map.of());
        assertThat(removed.statusCode()).isEqualTo(302);
        assertThat(console.get(location).body()).contains("Die geplante Datei ist entfernt");
        assertThat(tenant.admin().get("/api/v1/segments/" + id + "/files").json().get("items")).isEmpty();

        // with an SFTP server: the form's fields reach the destination, the password never comes back
        String page = console.get(location).body();
        assertThat(page).contains("name=\"sftpHost\"").contains("name=\"sftpHostKey\"")
                .contains("name=\"sftpPrivateKey\"");
        Map<String, String> form = new java.util.HashMap<>(Map.of("format", "meta", "every", "P1D",
                "sftpHost", "sftp.partner.example", "sftpPort", "2222", "sftpUser", "drop", "sftpPath", "in",
                "sftpPassword", "console-secret-1", "sftpPrivateKey", "",
                "sftpHostKey", "SHA256:" + "B".repeat(43)));
        HttpResponse<String> sftp = console.post(location + "/files", ConsoleClient.csrf(page), form);
        assertThat(sftp.statusCode()).as(sftp.body()).isEqualTo(302);
        var server = tenant.admin().get("/api/v1/segments/" + id + "/files").json().get("items").get(0).get("sftp");
        assertThat(server.get("host").asString()).isEqualTo("sftp.partner.example");
        assertThat(server.get("port").asInt()).isEqualTo(2222);
        assertThat(server.get("auth").asString()).isEqualTo("password");
        String withSftp = console.get(location).body();
        assertThat(withSftp).contains("drop@sftp.partner.example:2222").doesNotContain("console-secret-1");
    }
}

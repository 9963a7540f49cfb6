package io.footbridge.console;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An import's page when it is asked to do what its state no longer allows, or is another tenant's. */
class ImportPagesTests extends ApiTest {

    @Test
    void cancellingOrResumingAFinishedImportSaysWhyOnItsPageAndAnotherTenantsImportIsNotFound() throws Exception {
        TestTenant tenant = newTenant();
        var upload = tenant.admin().upload("/api/v1/imports/products", "sku,name\nA-1,Apron\n".getBytes(
                StandardCharsets.UTF_8));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(202);
        String id = upload.json().get("id").asString();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && List.of("queued", "running")
                .contains(tenant.admin().get("/api/v1/imports/" + id).json().get("status").asString())) {
            Thread.sleep(100);
        }
        ConsoleClient console = new ConsoleClient(port);
        assertThat(console.login(tenant.adminEmail(), PASSWORD).statusCode()).isEqualTo(302);
        String page = "/console/data/imports/" + id;
        String token = ConsoleClient.csrf(console.get(page).body());

        HttpResponse<String> resumed = console.post(page + "/resume", token, java.util.Map.of());
        assertThat(resumed.statusCode()).isEqualTo(409);
        assertThat(resumed.body()).contains("id=\"form-errors\"").contains("Only a failed or interrupted import")
                .contains("<progress id=\"import-bar\" max=\"100\" value=\"100\"");
        HttpResponse<String> cancelled = console.post(page + "/cancel", token, java.util.Map.of());
        assertThat(cancelled.statusCode()).isEqualTo(409);
        assertThat(cancelled.body()).contains("The import has already succeeded");
        assertThat(tenant.admin().get("/api/v1/imports/" + id).json().get("status").asString())
                .isEqualTo("succeeded");

        TestTenant other = newTenant();
        ConsoleClient theirs = new ConsoleClient(port);
        assertThat(theirs.login(other.adminEmail(), PASSWORD).statusCode()).isEqualTo(302);
        assertThat(theirs.get(page).statusCode()).isEqualTo(404);
        assertThat(theirs.post(page + "/cancel", ConsoleClient.csrf(theirs.get("/console/data/imports").body()),
                java.util.Map.of()).statusCode()).isEqualTo(404);
    }
}

package io.footbridge.console;

import io.footbridge.ApiTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A store manager finds the tasks journeys gave their store on the Tasks page and marks them done. */
class JourneyTaskPagesTests extends ApiTest {

    @Test
    void aStoreManagerSeesTheirStoresTaskAndMarksItDoneAndTheJourneyPageListsIt() throws Exception {
        TestTenant tenant = newTenant();
        tenant.createStore("BER-1");
        tenant.createStore("HAM-1");
        String email = "vip-" + UUID.randomUUID() + "@example.com";
        var sent = tenant.admin().post("/api/v1/events", Map.of("eventId", "e-" + UUID.randomUUID(), "type",
                "loyalty.signup", "occurredAt", java.time.Instant.now().toString(), "identifiers",
                Map.of("email", email)));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        awaitResolved(tenant.id());
        String person = tenant.admin().get("/api/v1/profiles?email=" + email).json().get("items").get(0).get("id")
                .asString();
        String journey = tenant.admin().post("/api/v1/journeys", "{\"name\": \"VIP care\", \"trigger\": {\"api\":"
                + " {}}, \"steps\": [{\"task\": {\"title\": \"Call this VIP\", \"store\": \"BER-1\"}},"
                + " {\"task\": {\"title\": \"Hamburg only\", \"store\": \"HAM-1\"}}]}").json().get("id").asString();
        tenant.admin().post("/api/v1/journeys/" + journey + "/activate", "{}");
        assertThat(tenant.admin().post("/api/v1/journeys/" + journey + "/entries", Map.of("personId", person))
                .status()).isEqualTo(201);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (tenant.admin().get("/api/v1/journeys/tasks?journeyId=" + journey).json().get("items").size() < 2) {
            assertThat(System.nanoTime()).as("tasks given").isLessThan(deadline);
            Thread.sleep(100);
        }
        String manager = "manager-" + UUID.randomUUID() + "@brand.test";
        assertThat(tenant.admin().post("/api/v1/users", Map.of("email", manager, "name", "Manager", "role",
                "store_manager", "password", PASSWORD, "storeCodes", java.util.List.of("BER-1"))).status())
                .isEqualTo(201);
        ConsoleClient console = new ConsoleClient(port);
        assertThat(console.login(manager, PASSWORD).statusCode()).isEqualTo(302);

        String page = console.get("/console/journeys/tasks").body();
        assertThat(page).contains("<h1>Tasks for staff</h1>").contains("Call this VIP").contains("BER-1")
                .doesNotContain("Hamburg only");
        String task = page.replaceAll("(?s).*data-task=\"([0-9a-f-]{36})\".*", "$1");
        HttpResponse<String> done = console.post("/console/journeys/tasks/" + task + "/done",
                ConsoleClient.csrf(page), Map.of());
        assertThat(done.statusCode()).isEqualTo(302);
        assertThat(console.get("/console/journeys/tasks").body()).doesNotContain("Call this VIP")
                .contains("No open tasks.");
        assertThat(console.get("/console/journeys/tasks?open=false").body()).contains("Call this VIP")
                .contains("Done by");
        assertThat(console.get("/console/journeys/tasks?open=false&lang=de").body())
                .contains("Aufgaben für Mitarbeitende").contains("Erledigt von");

        ConsoleClient admin = new ConsoleClient(port);
        assertThat(admin.login(tenant.adminEmail(), PASSWORD).statusCode()).isEqualTo(302);
        assertThat(admin.get("/console/journeys/" + journey).body()).contains("Tasks for staff")
                .contains("Call this VIP").contains("Hamburg only");
        assertThat(admin.get("/console/journeys").body()).contains("/console/journeys/tasks");
    }
}

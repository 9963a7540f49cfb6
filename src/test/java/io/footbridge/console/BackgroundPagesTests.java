package io.footbridge.console;

import io.footbridge.ApiTest;
import io.footbridge.platform.BackgroundTasks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The background tasks page: every task with its runs and failures, as the scheduler's table shows them, "run now"
 * for the recurring ones (it does run), refused by name for anything else, and none of it for store staff.
 */
class BackgroundPagesTests extends ApiTest {

    @Autowired
    BackgroundTasks background;

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
    void anAdminSeesEachTaskWithItsRunsAndCanRunARecurringOneNow() throws Exception {
        HttpResponse<String> page = console.get("/console/data/background");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-task=\"receipt-sweep\"").contains("data-task=\"rate-limit-sweep\"")
                .contains("Run now");
        assertThat(console.get("/console/data").body()).contains("/console/data/background");

        Instant asked = Instant.now();
        String token = ConsoleClient.csrf(page.body());
        HttpResponse<String> run = console.post("/console/data/background/run", token,
                Map.of("task", "receipt-sweep"));

        assertThat(run.statusCode()).as(run.body()).isEqualTo(302);
        assertThat(console.get("/console/data/background").body()).contains("receipt-sweep runs now.");
        long deadline = System.currentTimeMillis() + 20_000;
        Instant last = null;
        while (System.currentTimeMillis() < deadline) {
            last = sweep().lastSuccess();
            if (last != null && !last.isBefore(asked.minusMillis(1))) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(last).as("the sweep ran after it was asked to").isNotNull().isAfterOrEqualTo(asked.minusMillis(1));
        assertThat(tenant.admin().get("/api/v1/audit-log?action=background.run_now").raw().body())
                .contains("receipt-sweep");
    }

    @Test
    void anAdminSeesHowFarTheFeedsAreBehindOnTheirTenantsEventsAndTheQueuedMessages() throws Exception {
        HttpResponse<String> page = console.get("/console/data/background");

        assertThat(page.body()).contains("Following your data").contains("data-feed=\"identity\"")
                .contains("data-feed=\"consent\"").contains("Messages queued to go out: 0");
        assertThat(console.get("/console/data/background?lang=de").body()).contains("Verarbeitung Ihrer Daten");
    }

    @Test
    void runningAnythingButAKnownRecurringTaskIsRefusedByName() {
        String token = ConsoleClient.csrf(console.get("/console/data/background").body());
        for (String task : List.of("no-such-task", "", "x".repeat(5000))) {
            HttpResponse<String> refused = console.post("/console/data/background/run", token, Map.of("task", task));
            assertThat(refused.statusCode()).as(task).isEqualTo(400);
            assertThat(refused.body()).contains("task");
        }
    }

    @Test
    void theGermanPageAndNoneForAStoreManager() {
        assertThat(console.get("/console/data/background?lang=de").body()).contains("Hintergrundaufgaben")
                .contains("Jetzt ausführen");
        String manager = "manager-" + UUID.randomUUID() + "@brand.test";
        assertThat(tenant.admin().post("/api/v1/users", Map.of("email", manager, "role", "store_manager",
                "password", PASSWORD, "storeCodes", List.of("BER-1"))).status()).isEqualTo(201);
        ConsoleClient theirs = new ConsoleClient(port);
        assertThat(theirs.login(manager, PASSWORD).statusCode()).isEqualTo(302);
        assertThat(theirs.get("/console/data/background").statusCode()).isEqualTo(403);
        String token = ConsoleClient.csrf(theirs.get("/console/data").body());
        assertThat(theirs.post("/console/data/background/run", token, Map.of("task", "receipt-sweep"))
                .statusCode()).isEqualTo(403);
    }

    private BackgroundTasks.Task sweep() {
        return background.list().stream().filter(t -> t.name().equals("receipt-sweep")).findFirst().orElseThrow();
    }
}

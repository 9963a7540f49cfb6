package io.footbridge.journeys.flow;

import io.footbridge.ApiClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The steps beyond the first set: waitFor, setTrait, task, and the signed webhook. */
class JourneyStepsTests extends JourneyApiTest {

    @org.springframework.beans.factory.annotation.Autowired
    Runner runner;

    @BeforeEach
    void setUp() {
        tenant.createStore("BER-1");
        tenant.createStore("HAM-1");
    }

    // --- waitFor

    @Test
    void aWaitForWithoutATimeOutOrWithABadOneOrAnUnknownStoreIsRefusedNamingTheStep() {
        assertRefused("[{\"waitFor\": {\"event\": \"wifi.login\", \"then\": [], \"else\": []}}]",
                "steps[0].waitFor.within");
        assertRefused("[{\"waitFor\": {\"event\": \"wifi.login\", \"within\": \"P-1D\"}}]",
                "steps[0].waitFor.within");
        assertRefused("[{\"waitFor\": {\"event\": \"wifi.login\", \"within\": \"PT0S\"}}]",
                "steps[0].waitFor.within");
        assertRefused("[{\"waitFor\": {\"within\": \"P7D\"}}]", "steps[0].waitFor.event");
        assertRefused("[{\"waitFor\": {\"event\": \"wifi.login\", \"within\": \"P7D\", \"store\": \"NOPE\"}}]",
                "steps[0].waitFor.store");
        assertRefused("[{\"waitFor\": {\"event\": \"wifi.login\", \"within\": \"P7D\", \"colour\": 1}}]",
                "steps[0].waitFor.colour");
        assertRefused("[{\"waitFor\": {\"event\": \"wifi.login\", \"within\": \"P7D\", \"then\": [{\"wait\":"
                + " \"P-1D\"}]}}]", "steps[0].waitFor.then[0].wait");
        assertRefused("[{\"waitFor\": {\"event\": \"wifi.login\", \"within\": \"P7D\", \"else\": {}}}]",
                "steps[0].waitFor.else");
        assertRefused("[{\"waitFor\": \"wifi.login\"}]", "steps[0].waitFor");
        assertThat(marketer.get("/api/v1/journeys").json().get("items")).isEmpty();
    }

    @Test
    void theAwaitedEventTakesTheThenBranchAtOnceAndOnlyOnce() {
        String email = "ada@" + domain;
        String person = person(email);
        String id = active(journey("[{\"waitFor\": {\"event\": \"wifi.login\", \"within\": \"P7D\","
                + " \"then\": [{\"wait\": \"PT0S\"}], \"else\": [{\"wait\": \"PT0S\"}]}}]"));
        enter(id, person);
        await(() -> step(id, 0).get("outcomes").path("done").asLong() == 1, () -> "waiting: " + stats(id));
        assertThat(jdbc.sql("SELECT due_at FROM journey_entry WHERE journey_id = :j").param("j", UUID.fromString(id))
                .query((rs, row) -> io.footbridge.platform.Timestamps.instant(rs, "due_at")).single())
                .as("the time-out is in the row").isAfter(Instant.now().plus(Duration.ofDays(6)));

        event("wifi.login", email, "BER-1");
        await(() -> stats(id).get("done").asLong() == 1, () -> "the journey ends: " + stats(id));
        event("wifi.login", email, "BER-1");

        JsonNode stats = stats(id);
        assertThat(step(id, 0).get("outcomes").path("event").asLong()).isEqualTo(1);
        assertThat(step(id, 0).get("outcomes").has("timed_out")).isFalse();
        assertThat(stats.get("steps").get(1).get("path").asString()).isEqualTo("steps[0].waitFor.then[0].wait");
        assertThat(step(id, 1).get("outcomes").path("done").asLong()).isEqualTo(1);
        assertThat(step(id, 2).get("outcomes")).as("the else-branch").isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM journey_step WHERE journey_id = :j AND kind = 'waitFor'")
                .param("j", UUID.fromString(id)).query(Long.class).single()).as("waited once, decided once")
                .isEqualTo(2);
    }

    @Test
    void noEventWithinTheTimeTakesTheElseBranchAndALaterEventChangesNothing() {
        String email = "bo@" + domain;
        String person = person(email);
        String id = active(journey("[{\"waitFor\": {\"event\": \"wifi.login\", \"within\": \"PT1S\","
                + " \"then\": [{\"wait\": \"PT0S\"}], \"else\": [{\"wait\": \"PT0S\"}]}}]"));
        // an event before the wait began is not the one awaited
        event("wifi.login", email, "BER-1");
        enter(id, person);

        await(() -> stats(id).get("done").asLong() == 1, () -> "the journey ends: " + stats(id));
        event("wifi.login", email, "BER-1");
        awaitResolved(tenant.id());

        assertThat(step(id, 0).get("outcomes").path("timed_out").asLong()).isEqualTo(1);
        assertThat(step(id, 0).get("outcomes").has("event")).isFalse();
        assertThat(step(id, 1).get("outcomes")).as("the then-branch").isEmpty();
        assertThat(step(id, 2).get("outcomes").path("done").asLong()).isEqualTo(1);
    }

    @Test
    void anEventArrivingAsTheTimeOutFallsDueTakesOneBranchOnly() throws Exception {
        String email = "dan@" + domain;
        String person = person(email);
        String id = active(journey("[{\"waitFor\": {\"event\": \"wifi.login\", \"within\": \"P7D\","
                + " \"then\": [{\"wait\": \"PT0S\"}], \"else\": [{\"wait\": \"PT0S\"}]}}]"));
        enter(id, person);
        await(() -> step(id, 0).get("outcomes").path("done").asLong() == 1, () -> "waiting: " + stats(id));

        // the time-out falls due while the event comes in, and two more workers claim as other nodes would
        jdbc.sql("UPDATE journey_entry SET due_at = CURRENT_TIMESTAMP WHERE journey_id = :j")
                .param("j", UUID.fromString(id)).update();
        Thread[] workers = new Thread[2];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Thread(() -> runner.runDue(Instant.now()));
        }
        event("wifi.login", email, "BER-1");
        for (Thread worker : workers) {
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        await(() -> stats(id).get("done").asLong() == 1, () -> "the journey ends: " + stats(id));
        awaitResolved(tenant.id());
        Thread.sleep(1000);

        JsonNode outcomes = step(id, 0).get("outcomes");
        assertThat(outcomes.path("event").asLong() + outcomes.path("timed_out").asLong()).as(outcomes.toString())
                .isEqualTo(1);
        assertThat(step(id, 1).get("outcomes").path("done").asLong()
                + step(id, 2).get("outcomes").path("done").asLong()).as("one branch ran").isEqualTo(1);
    }

    @Test
    void aWaitForAtOneStoreHearsOnlyThatStoresEvents() throws Exception {
        String email = "cy@" + domain;
        String person = person(email);
        String id = active(journey("[{\"waitFor\": {\"event\": \"wifi.login\", \"store\": \"HAM-1\","
                + " \"within\": \"P1D\", \"then\": [{\"wait\": \"PT0S\"}], \"else\": [{\"exit\": {}}]}}]"));
        enter(id, person);
        await(() -> step(id, 0).get("outcomes").path("done").asLong() == 1, () -> "waiting: " + stats(id));

        event("wifi.login", email, "BER-1");
        awaitResolved(tenant.id());
        Thread.sleep(1500);
        assertThat(step(id, 0).get("waiting").asLong()).as("another store's event").isEqualTo(1);

        event("wifi.login", email, "HAM-1");
        await(() -> stats(id).get("done").asLong() == 1, () -> "the journey ends: " + stats(id));
        assertThat(step(id, 0).get("outcomes").path("event").asLong()).isEqualTo(1);
    }

    // --- setTrait

    @Test
    void aSetTraitStepSetsTheTraitOnTheProfileAndAnUnknownTraitIsRefused() {
        assertRefused("[{\"setTrait\": {\"name\": \"shoeSize\", \"value\": 42}}]", "steps[0].setTrait.name");
        assertRefused("[{\"setTrait\": {\"name\": \"language\"}}]", "steps[0].setTrait.value");
        assertRefused("[{\"setTrait\": {\"name\": \"language\", \"value\": {\"a\": 1}}}]",
                "steps[0].setTrait.value");
        assertRefused("[{\"setTrait\": {\"name\": \"birthDate\", \"value\": \"soon\"}}]",
                "steps[0].setTrait.value");
        String email = "dee@" + domain;
        String person = person(email);
        String id = active(journey("[{\"setTrait\": {\"name\": \"language\", \"value\": \"de\"}}]"));

        enter(id, person);

        await(() -> stats(id).get("done").asLong() == 1, () -> "the journey ends: " + stats(id));
        assertThat(step(id, 0).get("outcomes").path("done").asLong()).isEqualTo(1);
        await(() -> "de".equals(tenant.admin().get("/api/v1/profiles/" + person).json().path("traits")
                .path("language").asString(null)), () -> "the trait set: " + tenant.admin()
                .get("/api/v1/profiles/" + person));
    }

    // --- task

    @Test
    void aTaskStepGivesTheStoresStaffATaskThatOnlyTheyAndTenantWideStaffSeeAndMarkDone() {
        assertRefused("[{\"task\": {\"title\": \"Call\", \"store\": \"NOPE\"}}]", "steps[0].task.store");
        assertRefused("[{\"task\": {}}]", "steps[0].task.title");
        assertRefused("[{\"task\": {\"title\": \"" + "x".repeat(201) + "\"}}]", "steps[0].task.title");
        String person = person("eve@" + domain);
        String id = active(journey("[{\"task\": {\"title\": \"Call this VIP\", \"store\": \"HAM-1\"}}]"));
        ApiClient hamburg = tenant.createUser("store_manager", "HAM-1");
        ApiClient berlin = tenant.createUser("store_manager", "BER-1");

        enter(id, person);
        await(() -> stats(id).get("done").asLong() == 1, () -> "the journey ends: " + stats(id));

        JsonNode mine = hamburg.get("/api/v1/journeys/tasks?open=true").json().get("items");
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("title").asString()).isEqualTo("Call this VIP");
        assertThat(mine.get(0).get("storeCode").asString()).isEqualTo("HAM-1");
        assertThat(mine.get(0).get("personId").asString()).isEqualTo(person);
        assertThat(berlin.get("/api/v1/journeys/tasks").json().get("items")).as("another store's").isEmpty();
        assertThat(marketer.get("/api/v1/journeys/tasks?journeyId=" + id).json().get("items")).hasSize(1);
        String task = mine.get(0).get("id").asString();
        assertThat(berlin.post("/api/v1/journeys/tasks/" + task + "/done", "{}").status()).isEqualTo(404);
        TestTenant other = newTenant();
        assertThat(other.admin().post("/api/v1/journeys/tasks/" + task + "/done", "{}").status()).isEqualTo(404);
        assertThat(hamburg.post("/api/v1/journeys/tasks/" + UUID.randomUUID() + "/done", "{}").status())
                .isEqualTo(404);

        var done = hamburg.post("/api/v1/journeys/tasks/" + task + "/done", "{}");
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(done.json().get("status").asString()).isEqualTo("done");
        assertThat(hamburg.post("/api/v1/journeys/tasks/" + task + "/done", "{}").json().get("doneAt").asString())
                .as("again: no change").isEqualTo(done.json().get("doneAt").asString());
        assertThat(hamburg.get("/api/v1/journeys/tasks?open=true").json().get("items")).isEmpty();
        assertThat(hamburg.get("/api/v1/journeys/tasks").json().get("items")).hasSize(1);
    }

    @Test
    void heldOutPeopleGetNoTask() {
        String person = person("fay@" + domain);
        String id = active("{\"name\": \"J\", \"trigger\": {\"api\": {}}, \"holdoutPercent\": 90,"
                + " \"steps\": [{\"task\": {\"title\": \"Call\"}}]}");
        enter(id, person);
        await(() -> stats(id).get("done").asLong() == 1, () -> "the journey ends: " + stats(id));
        boolean heldOut = step(id, 0).get("outcomes").has("held_out");
        assertThat(marketer.get("/api/v1/journeys/tasks?journeyId=" + id).json().get("items"))
                .hasSize(heldOut ? 0 : 1);
    }

    // --- signed webhooks

    @Test
    void theWebhookCallIsSignedWithTheJourneysSecretShownOnceAtCreation() throws Exception {
        java.util.List<String[]> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            calls.add(new String[]{exchange.getRequestHeaders().getFirst("X-Footbridge-Signature"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        try {
            String person = person("gus@" + domain);
            var created = marketer.post("/api/v1/journeys", journey("[{\"webhook\": {\"url\": \"http://127.0.0.1:"
                    + hook.getAddress().getPort() + "/hook\"}}]"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String id = created.json().get("id").asString();
            String secret = created.json().get("webhookSecret").asString();
            assertThat(secret).hasSize(64);
            assertThat(marketer.get("/api/v1/journeys/" + id).toString()).as("shown once").doesNotContain(secret);
            marketer.post("/api/v1/journeys/" + id + "/activate", "{}");

            enter(id, person);
            await(() -> calls.size() == 1, () -> "called: " + stats(id));

            String expected = new org.apache.commons.codec.digest.HmacUtils(
                    org.apache.commons.codec.digest.HmacAlgorithms.HMAC_SHA_256, secret)
                    .hmacHex(calls.get(0)[1]);
            assertThat(calls.get(0)[0]).isEqualTo("sha256=" + expected);
            assertThat(calls.get(0)[1]).contains(person);

            var rotated = marketer.post("/api/v1/journeys/" + id + "/webhook-secret", "{}");
            assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
            assertThat(rotated.json().get("webhookSecret").asString()).hasSize(64).isNotEqualTo(secret);
            TestTenant other = newTenant();
            assertThat(other.admin().post("/api/v1/journeys/" + id + "/webhook-secret", "{}").status())
                    .isEqualTo(404);
        } finally {
            hook.stop(0);
        }
    }
}

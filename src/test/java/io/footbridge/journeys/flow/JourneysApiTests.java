package io.footbridge.journeys.flow;

import io.footbridge.ApiClient;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class JourneysApiTests extends JourneyApiTest {

    @Autowired
    Runner runner;
    @Autowired
    DateTriggers dates;

    @BeforeEach
    void setUp() {
        tenant.createStore("BER-1");
        tenant.admin().put("/api/v1/consent/policy", Map.of("doubleOptInEmail", false, "timeZone", "UTC"));
    }

    // --- bad input

    @Test
    void aJourneyWithABadStepIsRefusedAtSaveNamingTheStep() {
        assertRefused("[{\"wait\": \"P-1D\"}]", "steps[0].wait");
        assertRefused("[{\"wait\": \"two days\"}]", "steps[0].wait");
        assertRefused("[{\"wait\": \"P1D\"}, {\"send\": {\"channels\": [\"email\"], \"template\": \"no.such\"}}]",
                "steps[1].send.template");
        assertRefused("[{\"send\": {\"channels\": [\"fax\"], \"template\": \"journey.welcome\"}}]",
                "steps[0].send.channels[0]");
        assertRefused("[{\"issueCoupon\": {\"offerId\": \"" + UUID.randomUUID() + "\"}}]",
                "steps[0].issueCoupon.offerId");
        assertRefused("[{\"branch\": {\"if\": {\"shoeSize\": 42}, \"then\": [], \"else\": []}}]",
                "steps[0].branch.if");
        assertRefused("[{\"id\": \"again\", \"send\": {\"channels\": [\"email\"], \"template\": \"journey.welcome\"}},"
                + " {\"goto\": \"again\"}]", "steps[1].goto");
        assertRefused("[{\"goto\": \"nowhere\"}]", "steps[0].goto");
        assertRefused("[{\"frobnicate\": {}}]", "steps[0].frobnicate");
        // a cloud metadata service: never called, whatever the installation allows
        assertRefused("[{\"webhook\": {\"url\": \"http://169.254.169.254/latest/meta-data/\"}}]",
                "steps[0].webhook.url");
        assertRefused("[]", "steps");
        var noExit = marketer.post("/api/v1/journeys", journey("[{\"id\": \"loop\", \"wait\": \"P1D\"},"
                + " {\"goto\": \"loop\"}]"));
        assertThat(noExit.status()).isEqualTo(400);
        assertThat(noExit.toString()).contains("steps[0].wait").contains("no exit path");
        var cycle = marketer.post("/api/v1/journeys", journey("[{\"id\": \"a\", \"wait\": \"PT0S\"},"
                + " {\"goto\": \"a\"}, {\"exit\": {}}]"));
        assertThat(cycle.toString()).contains("cycle without a wait");

        var noTrigger = marketer.post("/api/v1/journeys", "{\"name\": \"x\", \"steps\": [{\"exit\": {}}]}");
        assertThat(noTrigger.status()).isEqualTo(400);
        assertThat(noTrigger.errorFields()).contains("trigger");
        var malformed = marketer.post("/api/v1/journeys", "{\"name\": \"x\", \"steps\": [");
        assertThat(malformed.status()).as(malformed.toString()).isEqualTo(400);
        var wrongTypes = marketer.post("/api/v1/journeys", "{\"name\": 5, \"trigger\": [], \"steps\": {},"
                + " \"holdoutPercent\": \"ten\", \"reentry\": \"sometimes\", \"colour\": 1}");
        assertThat(wrongTypes.status()).isEqualTo(400);
        assertThat(wrongTypes.errorFields()).contains("name", "trigger", "steps", "holdoutPercent", "reentry",
                "colour");
        var huge = marketer.post("/api/v1/journeys", journey("[" + "{\"wait\": \"PT1H\"},".repeat(6000)
                + "{\"exit\": {}}]"));
        assertThat(huge.status()).as(huge.toString().substring(0, 200)).isIn(400, 413);
        assertThat(marketer.get("/api/v1/journeys").json().get("items")).isEmpty();
    }

    @Test
    void anotherTenantsJourneyOfferAndSegmentAreNotThere() {
        TestTenant other = newTenant();
        ApiClient theirs = anonymous.bearer(other.createKey("j", null, "journeys:read", "journeys:write"));
        String theirJourney = theirs.post("/api/v1/journeys", journey("[{\"exit\": {}}]")).json().get("id")
                .asString();
        String theirOffer = offer(other.admin());
        String theirSegment = other.admin().post("/api/v1/segments", Map.of("name", "All", "rule",
                Map.of("event", Map.of("type", "pos.purchase")))).json().get("id").asString();

        assertThat(marketer.get("/api/v1/journeys/" + theirJourney).status()).isEqualTo(404);
        assertThat(marketer.post("/api/v1/journeys/" + theirJourney + "/activate", "{}").status()).isEqualTo(404);
        assertThat(marketer.get("/api/v1/journeys/" + theirJourney + "/stats").status()).isEqualTo(404);
        assertThat(marketer.put("/api/v1/journeys/" + theirJourney, journey("[{\"exit\": {}}]")).status())
                .isEqualTo(404);
        assertRefused("[{\"issueCoupon\": {\"offerId\": \"" + theirOffer + "\"}}]", "steps[0].issueCoupon.offerId");
        var segment = marketer.post("/api/v1/journeys", "{\"name\": \"s\", \"trigger\": {\"segmentEntered\": \""
                + theirSegment + "\"}, \"steps\": [{\"exit\": {}}]}");
        assertThat(segment.errorFields()).containsExactly("trigger.segmentEntered");
        assertThat(theirs.get("/api/v1/journeys/" + theirJourney).json().get("status").asString())
                .isEqualTo("draft");
        var readOnly = anonymous.bearer(tenant.createKey("r", null, "journeys:read"));
        assertThat(readOnly.post("/api/v1/journeys", journey("[{\"exit\": {}}]")).status()).isEqualTo(403);
    }

    // --- running

    @Test
    void anEventStartsTheJourneyAndTheMailGoesOutAfterTheWaitOnceWithTheStepsOnTheTimeline() throws Exception {
        String to = "ida@" + domain;
        String person = person(to);
        grant(person, "email");
        String id = active("{\"name\": \"Welcome\", \"trigger\": {\"event\": {\"type\": \"wifi.login\","
                + " \"store\": \"BER-1\"}}, \"steps\": [{\"wait\": \"PT1S\"}, {\"send\": {\"channels\": [\"sms\","
                + " \"email\"], \"template\": \"journey.welcome\"}}]}");

        event("wifi.login", to, "BER-1", Map.of());
        MimeMessage mail = awaitMail(to, Duration.ofSeconds(30));

        assertThat(mail.getSubject()).startsWith("Welcome to");
        await(() -> stats(id).get("steps").get(1).get("outcomes").path("sent").asLong() == 1, "the send counted");
        JsonNode stats = stats(id);
        assertThat(stats.get("entered").asLong()).isEqualTo(1);
        assertThat(stats.get("steps").get(0).get("kind").asString()).isEqualTo("wait");
        await(() -> stats(id).get("active").asLong() == 0, "the journey ends");
        JsonNode steps = marketer.get("/api/v1/journeys/people/" + person).json().get("items");
        assertThat(steps).extracting(s -> s.get("kind").asString()).contains("wait", "send", "exit");
        Thread.sleep(1500);
        assertThat(mailsTo(to)).as("sent once").hasSize(1);
    }

    @Test
    void consentWithdrawnWhileThePersonWaitedMeansNothingIsSent() {
        String to = "jon@" + domain;
        String person = person(to);
        grant(person, "email");
        String id = active(journey("[{\"wait\": \"PT2S\"}, {\"send\": {\"channels\": [\"email\"],"
                + " \"template\": \"journey.welcome\"}}]"));
        assertThat(enter(id, person).get("entered").asBoolean()).isTrue();

        tenant.admin().post("/api/v1/profiles/" + person + "/consents", Map.of("channel", "email",
                "purpose", "marketing", "granted", false, "source", "phone_call"));
        await(() -> stats(id).get("done").asLong() == 1, "the journey ends");

        assertThat(stats(id).get("steps").get(1).get("outcomes").path("blocked").asLong()).isEqualTo(1);
        assertThat(mailsTo(to)).isEmpty();
    }

    @Test
    void theGoalEndsTheJourneyAndIsCounted() {
        String to = "kim@" + domain;
        String person = person(to);
        String id = active("{\"name\": \"Goal\", \"trigger\": {\"api\": {}}, \"steps\": [{\"wait\": \"P7D\"},"
                + " {\"send\": {\"channels\": [\"email\"], \"template\": \"journey.welcome\"}}],"
                + " \"goal\": {\"event\": \"pos.purchase\", \"within\": \"P14D\"}}");
        enter(id, person);
        await(() -> stats(id).get("steps").get(0).get("waiting").asLong() == 1, "waiting");

        event("pos.purchase", to, "BER-1", Map.of("transactionId", UUID.randomUUID().toString(), "total", 1200,
                "currency", "EUR"));
        await(() -> stats(id).get("converted").asLong() == 1, "the purchase converts");

        JsonNode stats = stats(id);
        assertThat(stats.get("active").asLong()).isZero();
        assertThat(stats.get("treated").get("converted").asLong()).isEqualTo(1);
        assertThat(marketer.get("/api/v1/journeys").json().get("items").get(0).get("converted").asLong())
                .isEqualTo(1);
    }

    @Test
    void heldOutPeopleEnterButGetNothingAndTheLiftComparesThemWithTheTreated() {
        String to = "lea@" + domain;
        String person = person(to);
        grant(person, "email");
        String journey = activeHoldingOut(person, "[{\"send\": {\"channels\": [\"email\"],"
                    + " \"template\": \"journey.welcome\"}}]");
        enter(journey, person);
        await(() -> stats(journey).get("done").asLong() == 1, "the journey ends");

        JsonNode stats = stats(journey);
        assertThat(stats.get("holdout").get("entered").asLong()).isEqualTo(1);
        assertThat(stats.get("steps").get(0).get("outcomes").path("held_out").asLong()).isEqualTo(1);
        assertThat(mailsTo(to)).isEmpty();
        assertThat(stats.get("lift").isNull()).as("no treated people yet").isTrue();
    }

    @Test
    void reentryIsNeverAlwaysOrAfterACoolDown() {
        String person = person("max@" + domain);
        String never = active(journey("[{\"exit\": {}}]"));
        String always = active("{\"name\": \"Always\", \"trigger\": {\"api\": {}}, \"reentry\": \"always\","
                + " \"steps\": [{\"exit\": {}}]}");
        String coolDown = active("{\"name\": \"Cool\", \"trigger\": {\"api\": {}}, \"reentry\": \"P30D\","
                + " \"steps\": [{\"exit\": {}}]}");
        String waiting = active("{\"name\": \"Inside\", \"trigger\": {\"api\": {}}, \"reentry\": \"always\","
                + " \"steps\": [{\"wait\": \"P1D\"}]}");

        for (String id : List.of(never, always, coolDown, waiting)) {
            assertThat(enter(id, person).get("entered").asBoolean()).isTrue();
        }
        for (String id : List.of(never, always, coolDown)) {
            String j = id;
            await(() -> stats(j).get("done").asLong() == 1, "first entry ends");
        }
        assertThat(enter(never, person).get("entered").asBoolean()).isFalse();
        assertThat(enter(always, person).get("entered").asBoolean()).isTrue();
        assertThat(enter(coolDown, person).get("entered").asBoolean()).isFalse();
        assertThat(enter(waiting, person).get("entered").asBoolean()).as("inside already").isFalse();
        assertThat(marketer.post("/api/v1/journeys/" + never + "/entries", Map.of("personId",
                UUID.randomUUID().toString())).errorFields()).containsExactly("personId");
    }

    @Test
    void editingAnActiveJourneyMakesANewVersionAndPeopleInsideFinishTheirs() {
        String person = person("nia@" + domain);
        String id = active(journey("[{\"wait\": \"PT2S\"}, {\"exit\": {}}]"));
        enter(id, person);
        var changed = marketer.put("/api/v1/journeys/" + id, journey("[{\"wait\": \"PT1S\"},"
                + " {\"wait\": \"PT1S\"}, {\"exit\": {}}]"));
        assertThat(changed.json().get("version").asInt()).isEqualTo(2);

        await(() -> stats(id).get("done").asLong() == 1, "the entry ends");
        assertThat(marketer.get("/api/v1/journeys/" + id + "/stats?version=1").json().get("steps").get(1)
                .get("outcomes").path("done").asLong()).as("finished version 1").isEqualTo(1);
        assertThat(marketer.get("/api/v1/journeys/" + id + "/stats?version=3").status()).isEqualTo(400);
    }

    @Test
    void twoWorkersAtOnceRunEachStepOnce() throws Exception {
        String to = "ole@" + domain;
        String person = person(to);
        grant(person, "email");
        String id = active("{\"name\": \"Burst\", \"trigger\": {\"api\": {}}, \"reentry\": \"always\","
                + " \"steps\": [{\"wait\": \"P1D\"}, {\"send\": {\"channels\": [\"email\"],"
                + " \"template\": \"journey.welcome\"}}]}");
        marketer.post("/api/v1/journeys/" + id + "/pause", "{}");
        int people = 40;
        UUID journeyId = UUID.fromString(id);
        for (int i = 0; i < people; i++) {
            // entries of one person, as if 40 different triggers had each put them in
            jdbc.sql("""
                            INSERT INTO journey_entry (id, tenant_id, journey_id, version, person_id, holdout, status,
                                pc, wait_pc, steps_run, attempts, due_at, entered_at)
                            VALUES (:id, :t, :j, 1, :p, FALSE, 'active', 1, 0, 1, 0, :due, :due)
                            """)
                    .param("id", UUID.randomUUID()).param("t", tenant.id()).param("j", journeyId)
                    .param("p", UUID.fromString(person)).param("due", java.time.OffsetDateTime.now().minusSeconds(1))
                    .update();
        }
        marketer.post("/api/v1/journeys/" + id + "/activate", "{}");

        List<Integer> moved = concurrently(3, () -> runner.runDue(Instant.now()));

        await(() -> stats(id).get("done").asLong() == people, "every entry ends");
        assertThat(moved.stream().mapToInt(Integer::intValue).sum()).isLessThanOrEqualTo(people);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM journey_step WHERE journey_id = :j AND kind = 'send'")
                .param("j", journeyId).query(Long.class).single()).isEqualTo(people);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM message WHERE tenant_id = :t AND origin = 'journey'")
                .param("t", tenant.id()).query(Long.class).single()).isEqualTo(people);
    }

    @Test
    void erasingAPersonTakesThemOutOfEveryJourney() {
        String person = person("pia@" + domain);
        String id = active(journey("[{\"wait\": \"P1D\"}, {\"exit\": {}}]"));
        enter(id, person);
        await(() -> stats(id).get("steps").get(0).get("waiting").asLong() == 1, "waiting");

        var erased = tenant.admin().delete("/api/v1/profiles/" + person);
        assertThat(erased.status()).as(erased.toString()).isEqualTo(200);

        JsonNode stats = stats(id);
        assertThat(stats.get("active").asLong()).isZero();
        assertThat(stats.get("entered").asLong()).as("the count stays").isEqualTo(1);
        assertThat(marketer.get("/api/v1/journeys/people/" + person).json().get("items")).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM journey_entry WHERE person_id = :p")
                .param("p", UUID.fromString(person)).query(Long.class).single()).isZero();
    }

    @Test
    void aBranchAsksTheSegmentRuleOfThePersonAndASplitPicksAVariant() {
        String person = person("quinn@" + domain);
        String id = active(journey("[{\"branch\": {\"if\": {\"event\": {\"type\": \"loyalty.signup\"}},"
                + " \"then\": [{\"split\": [{\"weight\": 1, \"steps\": [{\"exit\": {}}]},"
                + " {\"weight\": 1, \"steps\": [{\"exit\": {}}]}]}], \"else\": [{\"wait\": \"P1D\"}]}}]"));
        // the segments' own record of the person's sign-up, which the rule is asked of
        await(() -> jdbc.sql("SELECT COUNT(*) FROM segment_event WHERE person_id = :p")
                .param("p", UUID.fromString(person)).query(Long.class).single() > 0, "segments know the sign-up");

        enter(id, person);
        await(() -> stats(id).get("done").asLong() == 1, "the journey ends");

        JsonNode steps = marketer.get("/api/v1/journeys/people/" + person).json().get("items");
        assertThat(steps).anyMatch(s -> s.get("kind").asString().equals("branch")
                && s.get("detail").asString().equals("then"));
        assertThat(steps).anyMatch(s -> s.get("kind").asString().equals("split")
                && s.get("detail").asString().startsWith("variant "));
        JsonNode figures = stats(id).get("steps");
        assertThat(figures.get(1).get("path").asString()).isEqualTo("steps[0].branch.then[0].split");
        assertThat(figures.get(1).get("depth").asInt()).isEqualTo(1);
    }

    @Test
    void aWebhookWhoseCallWasUnderWayWhenItsNodeStoppedIsMarkedUnknownAndNotCalledAgain() throws Exception {
        java.util.List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/ok", exchange -> {
            calls.add("ok");
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.createContext("/down", exchange -> {
            calls.add("down");
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        hook.start();
        try {
            String person = person("rae@" + domain);
            String base = "http://127.0.0.1:" + hook.getAddress().getPort();
            String ok = active("{\"name\": \"Hook\", \"trigger\": {\"api\": {}}, \"steps\": [{\"wait\": \"P1D\"},"
                    + " {\"webhook\": {\"url\": \"" + base + "/ok\"}}]}");
            String entry = enter(ok, person).get("entryId").asString();
            await(() -> stats(ok).get("steps").get(0).get("outcomes").path("done").asLong() == 1, "waiting");
            // as a node leaves it that died during the call: the line says started, the entry is due again
            jdbc.sql("""
                            INSERT INTO journey_step (entry_id, seq, tenant_id, journey_id, version, pc, path, kind,
                                status, at) VALUES (:e, 1, :t, :j, 1, 1, 'steps[1].webhook', 'webhook', 'started',
                                CURRENT_TIMESTAMP)
                            """)
                    .param("e", UUID.fromString(entry)).param("t", tenant.id()).param("j", UUID.fromString(ok))
                    .update();
            jdbc.sql("UPDATE journey_entry SET due_at = CURRENT_TIMESTAMP WHERE id = :e")
                    .param("e", UUID.fromString(entry)).update();
            await(() -> stats(ok).get("done").asLong() == 1, () -> "the journey ends: " + jdbc.sql(
                    "SELECT status, pc, steps_run, attempts, due_at FROM journey_entry WHERE id = :e").param("e",
                    UUID.fromString(entry)).query().listOfRows() + stats(ok));
            assertThat(stats(ok).get("steps").get(1).get("outcomes").path("unknown").asLong()).isEqualTo(1);
            assertThat(calls).as("not called again").isEmpty();

            String down = active("{\"name\": \"Down\", \"trigger\": {\"api\": {}}, \"steps\": [{\"webhook\":"
                    + " {\"url\": \"" + base + "/down\"}}]}");
            String failing = enter(down, person).get("entryId").asString();
            await(() -> stats(down).get("steps").get(0).get("outcomes").path("retrying").asLong() == 1, "retrying");
            assertThat(calls).containsExactly("down");
            assertThat(jdbc.sql("SELECT attempts FROM journey_entry WHERE id = :e").param("e",
                    UUID.fromString(failing)).query(Integer.class).single()).isEqualTo(1);
            // the last try: parked, and the journey goes on
            jdbc.sql("UPDATE journey_entry SET due_at = CURRENT_TIMESTAMP, attempts = 3 WHERE id = :e")
                    .param("e", UUID.fromString(failing)).update();
            await(() -> stats(down).get("done").asLong() == 1, "the journey ends");
            assertThat(stats(down).get("steps").get(0).get("outcomes").path("parked").asLong()).isEqualTo(1);
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void aBirthdayPutsThePersonInOnTheDayOnceAndNotOnOtherDays() {
        String email = "sam@" + domain;
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        var sent = events.post("/api/v1/events", Map.of("eventId", "e-" + UUID.randomUUID(), "type", "loyalty.signup",
                "occurredAt", Instant.now().minusSeconds(600).toString(), "identifiers", Map.of("email", email),
                "properties", Map.of("birthDate", today.withYear(1990).toString())));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        awaitResolved(tenant.id());
        String id = active("{\"name\": \"Birthday\", \"trigger\": {\"date\": {\"trait\": \"birthDate\","
                + " \"at\": \"00:00\"}}, \"reentry\": \"P300D\", \"steps\": [{\"wait\": \"P1D\"}]}");
        String early = active("{\"name\": \"A week before\", \"trigger\": {\"date\": {\"trait\": \"birthDate\","
                + " \"offset\": \"-P7D\", \"at\": \"00:00\"}}, \"steps\": [{\"wait\": \"P1D\"}]}");

        dates.pass(Instant.now());
        dates.pass(Instant.now());

        assertThat(stats(id).get("entered").asLong()).isEqualTo(1);
        assertThat(stats(early).get("entered").asLong()).as("the birthday is today, not in a week").isZero();
    }
}

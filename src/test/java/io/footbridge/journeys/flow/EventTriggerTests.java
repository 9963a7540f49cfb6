package io.footbridge.journeys.flow;

import io.footbridge.capture.CaptureLog;
import io.footbridge.platform.Timestamps;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** An event trigger starts its person's journey as soon as identity has named them, each person once. */
class EventTriggerTests extends JourneyApiTest {

    @Autowired
    TriggerFeed triggers;
    @Autowired
    CaptureLog captureLog;

    @BeforeEach
    void setUp() {
        tenant.createStore("BER-1");
    }

    /**
     * The pending pass runs every 500 ms; an event sent just after it ran is started before its next turn only if
     * identity's naming the person (or the feed keeping the event) wakes it. Without a wake the entry cannot be
     * older than that turn; a few tries, so a busy machine does not make the test fail when wakes work.
     */
    @Test
    void aKnownPersonIsStartedWithoutWaitingForThePendingPassToComeRound() throws Exception {
        List<String> people = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            people.add(person("lea" + i + "@" + domain));
        }
        UUID journey = UUID.fromString(active("{\"name\": \"Now\", \"trigger\": {\"event\":"
                + " {\"type\": \"wifi.login\"}}, \"steps\": [{\"wait\": \"P1D\"}]}"));
        List<String> late = new ArrayList<>();
        for (int i = 0; i < people.size(); i++) {
            Instant nextTurn = justAfterAPendingPass();
            event("wifi.login", "lea" + i + "@" + domain, "BER-1");
            UUID person = UUID.fromString(people.get(i));
            await(() -> enteredAt(journey, person).isPresent(), "the person enters");
            Instant entered = enteredAt(journey, person).orElseThrow();
            if (entered.isBefore(nextTurn)) {
                return;
            }
            late.add(Duration.between(nextTurn, entered).toMillis() + " ms after the pass's next turn");
        }
        throw new AssertionError("every person was started by the pass's next turn, not at once: " + late);
    }

    @Test
    void eventsOfManyPeopleStartEachOnceAndASecondEventOfOneInsideStartsNothingMore() throws Exception {
        String id = active("{\"name\": \"Always\", \"trigger\": {\"event\": {\"type\": \"wifi.login\","
                + " \"store\": \"BER-1\"}}, \"reentry\": \"always\", \"steps\": [{\"wait\": \"P1D\"}]}");
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            emails.add("max" + i + "@" + domain);
            person(emails.get(i));
        }
        // twice each, one right after the other: in one pass or in two, each enters once
        for (String email : emails) {
            event("wifi.login", email, "BER-1", Map.of("n", 1));
            event("wifi.login", email, "BER-1", Map.of("n", 2));
        }
        await(() -> stats(id).get("entered").asLong() >= 6, "everyone enters");
        awaitResolved(tenant.id());
        await(() -> jdbc.sql("SELECT COUNT(*) FROM journey_pending WHERE tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single() == 0, "every event is looked at");

        assertThat(stats(id).get("entered").asLong()).isEqualTo(6);
        List<String> contexts = jdbc.sql("SELECT context FROM journey_entry WHERE journey_id = :j")
                .param("j", UUID.fromString(id)).query(String.class).list();
        assertThat(contexts).as("each entered with their first event")
                .allMatch(context -> context.replace(" ", "").contains("\"n\":1"));
        assertThat(jdbc.sql("SELECT SUM(entries) FROM journey_person WHERE journey_id = :j")
                .param("j", UUID.fromString(id)).query(Long.class).single()).isEqualTo(6);
    }

    @Test
    void anEventHandedOverAgainAfterItStartedSomeoneStartsNoOneAgain() {
        String to = "uma@" + domain;
        person(to);
        String id = active("{\"name\": \"Quick\", \"trigger\": {\"event\": {\"type\": \"wifi.login\"}},"
                + " \"reentry\": \"always\", \"steps\": [{\"wait\": \"PT0S\"}]}");
        event("wifi.login", to, "BER-1");
        await(() -> stats(id).get("done").asLong() == 1, () -> "the person goes through: " + stats(id));
        long seq = jdbc.sql("SELECT seq FROM capture_event WHERE tenant_id = :t AND type = 'wifi.login'")
                .param("t", tenant.id()).query(Long.class).single();

        // as the feed does until its cursor has passed the event (a sweep reads again what is not settled)
        triggers.handle(captureLog.readAfter(seq - 1, 1));
        await(() -> jdbc.sql("SELECT COUNT(*) FROM journey_pending WHERE tenant_id = :t").param("t", tenant.id())
                .query(Long.class).single() == 0, "the pass has looked at it");

        assertThat(stats(id).get("entered").asLong()).as("started once").isEqualTo(1);
    }

    private Optional<Instant> enteredAt(UUID journey, UUID person) {
        return jdbc.sql("SELECT entered_at FROM journey_entry WHERE journey_id = :j AND person_id = :p")
                .param("j", journey).param("p", person)
                .query((rs, n) -> Timestamps.instant(rs, "entered_at")).optional();
    }

    /** The time of the pending pass's next turn, read from the scheduler's table just after a pass has ended. */
    private Instant justAfterAPendingPass() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Instant> next = jdbc.sql("""
                            SELECT execution_time, picked FROM scheduled_tasks
                            WHERE task_name = 'recurring' AND task_instance = 'journeys-pending'
                            """)
                    .query((rs, n) -> rs.getBoolean("picked") ? Optional.<Instant>empty()
                            : Optional.of(Timestamps.instant(rs, "execution_time")))
                    .single();
            // a pass has just ended: its next turn is most of the period away
            if (next.isPresent() && Duration.between(Instant.now(), next.get()).toMillis() >= 400) {
                return next.get();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the pending pass did not come round");
    }
}

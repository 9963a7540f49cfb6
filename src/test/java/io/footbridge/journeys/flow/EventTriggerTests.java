package io.footbridge.journeys.flow;

import io.footbridge.capture.CaptureLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** An event trigger starts its person's journey once identity has named them, each person once. */
class EventTriggerTests extends JourneyApiTest {

    @Autowired
    TriggerFeed triggers;
    @Autowired
    CaptureLog captureLog;

    @BeforeEach
    void setUp() {
        tenant.createStore("BER-1");
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
}

package io.footbridge.capture;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.AssertablePublishedEvents;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The capture module with only the platform under it: a write of events publishes one {@link TouchpointsCaptured}
 * for the whole write, with the count of new events, and a replay of the same events publishes none, since the
 * modules that follow the capture log (identity, analytics, journeys) would find nothing new.
 */
@ApplicationModuleTest(ApplicationModuleTest.BootstrapMode.DIRECT_DEPENDENCIES)
// its own context, used by no other class: closed after it, so the suite does not hold its connections
@DirtiesContext
class CaptureModuleTests {

    @Autowired
    private EventRecorder recorder;
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private TransactionTemplate transaction;

    @Test
    void aWriteOfEventsPublishesOneTouchpointsCapturedWithTheCountOfNewOnes(Scenario scenario,
                                                                          AssertablePublishedEvents published) {
        UUID tenant = tenant();
        List<EventRecorder.NewEvent> events = List.of(event(), event(), event());

        scenario.stimulate(() -> recorder.record(tenant, "module-test", events))
                .andWaitForEventOfType(TouchpointsCaptured.class)
                .matching(event -> event.tenantId().equals(tenant))
                .toArriveAndVerify(event -> {
                    assertThat(event.count()).isEqualTo(3);
                    assertThat(event.source()).isEqualTo("module-test");
                });

        boolean[] again = transaction.execute(status -> recorder.record(tenant, "module-test", events));
        assertThat(again).containsExactly(false, false, false);
        assertThat(published.ofType(TouchpointsCaptured.class).matching(event -> event.tenantId().equals(tenant)))
                .as("one signal for the first write, none for the replay").hasSize(1);
    }

    private UUID tenant() {
        UUID tenant = UUID.randomUUID();
        jdbc.sql("INSERT INTO tenant (id, name, created_at, updated_at) VALUES (:id, :name, :now, :now)")
                .param("id", tenant).param("name", "Module test " + tenant)
                .param("now", OffsetDateTime.now(ZoneOffset.UTC)).update();
        return tenant;
    }

    private static EventRecorder.NewEvent event() {
        return new EventRecorder.NewEvent(UUID.randomUUID().toString(), "page.view",
                Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MICROS), null, null,
                "{\"anonymousId\":\"anon-" + UUID.randomUUID() + "\"}", "{\"url\":\"https://shop.example.com/\"}");
    }
}

package io.footbridge.audiences;

import io.footbridge.capture.EventRecorder;
import io.footbridge.platform.Actor;
import io.footbridge.platform.Scope;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audiences module with the modules it needs: a person who comes to meet a segment's rule (identity links an
 * event's email) publishes {@link SegmentEntered}, and a rule changed so that they no longer meet it
 * {@link SegmentLeft}, both with the person's root profile id. Journeys start and stop on them.
 */
@ApplicationModuleTest(ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES)
// its own context, used by no other class: closed after it, so the suite does not hold its connections
@DirtiesContext
class AudiencesModuleTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private Segments segments;
    @Autowired
    private EventRecorder recorder;
    @Autowired
    private JdbcClient jdbc;

    @Test
    void aPersonWhoComesToMeetTheRuleEntersAndLeavesWhenTheRuleNoLongerFits(Scenario scenario) {
        UUID tenant = tenant();
        Actor admin = Actor.system(tenant, "module test", Set.of(Scope.values()));
        Segments.Segment segment = segments.create(admin, "With an email", null,
                JSON.readTree("{\"identifier\": {\"type\": \"email\"}}"));
        String email = "member-" + tenant + "@example.com";

        UUID[] person = new UUID[1];
        scenario.stimulate(() -> recorder.record(tenant, "module-test", List.of(new EventRecorder.NewEvent(
                        UUID.randomUUID().toString(), "page.view",
                        Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MICROS), null, null,
                        "{\"email\":\"" + email + "\"}", "{\"url\":\"https://shop.example.com/\"}"))))
                .andWaitAtMost(Duration.ofSeconds(60))
                .andWaitForEventOfType(SegmentEntered.class)
                .matching(event -> event.tenantId().equals(tenant) && event.segmentId().equals(segment.id()))
                .toArriveAndVerify(event -> person[0] = event.personId());
        assertThat(person[0]).isNotNull();
        assertThat(segments.members(admin, segment.id(), null, 10)).containsExactly(person[0]);

        scenario.stimulate(() -> segments.update(admin, segment.id(), "With a phone",
                        JSON.readTree("{\"identifier\": {\"type\": \"phone\"}}")))
                .andWaitAtMost(Duration.ofSeconds(60))
                .andWaitForEventOfType(SegmentLeft.class)
                .matching(event -> event.tenantId().equals(tenant) && event.segmentId().equals(segment.id()))
                .toArriveAndVerify(event -> assertThat(event.personId()).as("the same person")
                        .isEqualTo(person[0]));
    }

    private UUID tenant() {
        UUID tenant = UUID.randomUUID();
        jdbc.sql("INSERT INTO tenant (id, name, created_at, updated_at) VALUES (:id, :name, :now, :now)")
                .param("id", tenant).param("name", "Module test " + tenant)
                .param("now", OffsetDateTime.now(ZoneOffset.UTC)).update();
        return tenant;
    }
}

package io.footbridge.identity;

import io.footbridge.capture.EventRecorder;
import io.footbridge.platform.Actor;
import io.footbridge.platform.Scope;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.annotation.DirtiesContext;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identity module with the capture log under it: two people it found in captured events, joined by staff,
 * publish {@link ProfileMerged}; the merge undone publishes {@link ProfileSplit}. Audiences and analytics follow
 * both to move memberships and tallies from one person to the other.
 */
@ApplicationModuleTest(ApplicationModuleTest.BootstrapMode.DIRECT_DEPENDENCIES)
// its own context, used by no other class: closed after it, so the suite does not hold its connections
@DirtiesContext
class IdentityModuleTests {

    @Autowired
    private EventRecorder recorder;
    @Autowired
    private IdentityGraph graph;
    @Autowired
    private ProfileMerges merges;
    @Autowired
    private JdbcClient jdbc;

    @Test
    void joiningTwoPeoplePublishesProfileMergedAndUndoingItProfileSplit(Scenario scenario) {
        UUID tenant = tenant();
        Actor admin = Actor.system(tenant, "module test", Set.of(Scope.values()));
        String email = "anna-" + tenant + "@example.com";
        UUID[] people = new UUID[2];
        scenario.stimulate(() -> recorder.record(tenant, "module-test", List.of(
                        event("{\"email\":\"" + email + "\"}"), event("{\"phone\":\"+491701234567\"}"))))
                .andWaitAtMost(Duration.ofSeconds(30))
                .andWaitForStateChange(() -> graph.findByIdentifier(tenant, IdentifierType.EMAIL, email)
                        .flatMap(a -> graph.findByIdentifier(tenant, IdentifierType.PHONE, "+491701234567")
                                .map(b -> new UUID[] {a, b})), Optional::isPresent)
                .andVerify(found -> {
                    people[0] = found.get()[0];
                    people[1] = found.get()[1];
                });
        assertThat(people[0]).as("two people, not one yet").isNotEqualTo(people[1]);

        ProfileMerges.Merge[] merged = new ProfileMerges.Merge[1];
        scenario.stimulate(() -> merged[0] = merges.merge(admin, people[0], people[1]))
                .andWaitForEventOfType(ProfileMerged.class)
                .matching(event -> event.tenantId().equals(tenant))
                .toArriveAndVerify(event -> {
                    assertThat(event.mergeId()).isEqualTo(merged[0].id());
                    assertThat(Set.of(event.fromProfileId(), event.rootId()))
                            .containsExactlyInAnyOrder(people[0], people[1]);
                    assertThat(event.reason()).isEqualTo("manual");
                });

        scenario.stimulate(() -> merges.undo(admin, merged[0].id()))
                .andWaitForEventOfType(ProfileSplit.class)
                .matching(event -> event.tenantId().equals(tenant))
                .toArriveAndVerify(event -> {
                    assertThat(event.mergeId()).isEqualTo(merged[0].id());
                    assertThat(event.profileId()).isEqualTo(merged[0].fromProfileId());
                });
        assertThat(graph.find(tenant, merged[0].fromProfileId()).orElseThrow().mergedAway())
                .as("a person of their own again").isFalse();
    }

    private UUID tenant() {
        UUID tenant = UUID.randomUUID();
        jdbc.sql("INSERT INTO tenant (id, name, created_at, updated_at) VALUES (:id, :name, :now, :now)")
                .param("id", tenant).param("name", "Module test " + tenant)
                .param("now", OffsetDateTime.now(ZoneOffset.UTC)).update();
        return tenant;
    }

    private static EventRecorder.NewEvent event(String identifiers) {
        return new EventRecorder.NewEvent(UUID.randomUUID().toString(), "page.view",
                Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MICROS), null, null, identifiers,
                "{\"url\":\"https://shop.example.com/\"}");
    }
}

package io.footbridge.audiences.membership;

import io.footbridge.ApiClient;
import io.footbridge.ApiTest;
import io.footbridge.consent.Channel;
import io.footbridge.consent.Consents;
import io.footbridge.consent.NewConsent;
import io.footbridge.consent.Purpose;
import io.footbridge.platform.Timestamps;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.footbridge.audiences.SegmentsTestSupport.await;
import static io.footbridge.audiences.SegmentsTestSupport.person;
import static io.footbridge.audiences.SegmentsTestSupport.purchase;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traits and consents are refreshed for many people at once (one read of their events, consents asked at once) with
 * the same answers as person by person, and rows whose value did not change are not written again.
 */
class SegmentPeopleBatchTests extends ApiTest {

    @Autowired
    SegmentPeople people;
    @Autowired
    Consents consents;
    @Autowired
    TransactionTemplate transaction;

    @Test
    void consentsForManyPeopleAtOnceAnswerAsOnePersonAtATime() {
        TestTenant tenant = newTenant();
        tenant.createStore("BER-1");
        ApiClient writer = anonymous.bearer(tenant.createKey("till", null, "events:write"));
        purchase(writer, "anna@example.com", "BER-1", 500, 1, "coffee", Map.of());
        purchase(writer, "ben@example.com", "BER-1", 500, 1, "coffee", Map.of());
        purchase(writer, "cara@example.com", "BER-1", 500, 1, "coffee", Map.of());
        UUID anna = person(jdbc, tenant.id(), "anna@example.com");
        UUID ben = person(jdbc, tenant.id(), "ben@example.com");
        UUID cara = person(jdbc, tenant.id(), "cara@example.com");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // anna: granted by address, withdrawn later by profile; ben: granted SMS; cara: nothing
        record(tenant.id(), null, "anna@example.com", Channel.EMAIL, true, now.minusSeconds(60));
        record(tenant.id(), anna, null, Channel.EMAIL, false, now.minusSeconds(30));
        record(tenant.id(), ben, null, Channel.SMS, true, now.minusSeconds(30));
        record(tenant.id(), ben, null, Channel.EMAIL, true, now.minusSeconds(30));

        List<Consents.Permission> permissions = List.of(
                new Consents.Permission(Channel.EMAIL, Purpose.MARKETING),
                new Consents.Permission(Channel.SMS, Purpose.MARKETING),
                new Consents.Permission(Channel.EMAIL, Purpose.SERVICE));
        UUID nobody = UUID.randomUUID();
        Map<UUID, Map<Consents.Permission, String>> statuses = consents.statuses(tenant.id(),
                List.of(anna, ben, cara, nobody), permissions);

        for (UUID person : List.of(anna, ben, cara, nobody)) {
            for (Consents.Permission p : permissions) {
                assertThat(statuses.getOrDefault(person, Map.of()).get(p)).as(person + " " + p)
                        .isEqualTo(consents.status(tenant.id(), person, null, null, p.channel(), p.purpose()));
            }
        }
        assertThat(statuses.get(anna)).containsEntry(permissions.get(0), "withdrawn");
        assertThat(statuses.get(ben)).containsEntry(permissions.get(1), "granted");
        assertThat(statuses).doesNotContainKeys(cara, nobody);
    }

    @Test
    void traitsAndConsentsOfManyPeopleAreRefreshedAtOnceAndUnchangedRowsAreLeftAlone() {
        TestTenant tenant = newTenant();
        tenant.createStore("BER-1");
        tenant.createStore("BER-2");
        ApiClient writer = anonymous.bearer(tenant.createKey("till", null, "events:write"));
        purchase(writer, "dora@example.com", "BER-1", 500, 3, "coffee", Map.of("language", "de"));
        purchase(writer, "dora@example.com", "BER-1", 500, 1, "coffee", Map.of("language", "en"));
        purchase(writer, "emil@example.com", "BER-2", 500, 3, "coffee", Map.of("city", "Berlin"));
        purchase(writer, "emil@example.com", "BER-2", 500, 2, "coffee", Map.of());
        purchase(writer, "emil@example.com", "BER-1", 500, 1, "coffee", Map.of());
        UUID dora = person(jdbc, tenant.id(), "dora@example.com");
        UUID emil = person(jdbc, tenant.id(), "emil@example.com");
        await(() -> events(tenant.id(), dora) == 2 && events(tenant.id(), emil) == 3, Duration.ofSeconds(20),
                "segments know every event");
        record(tenant.id(), emil, null, Channel.EMAIL, true, Instant.now().minusSeconds(5));
        // what is kept is wrong or gone: the refresh must put back every trait and drop the stale one
        jdbc.sql("DELETE FROM segment_trait WHERE tenant_id = :t").param("t", tenant.id()).update();
        jdbc.sql("INSERT INTO segment_trait (tenant_id, person_id, name, trait_value) VALUES (:t, :p, 'city', 'Rom')")
                .param("t", tenant.id()).param("p", dora).update();
        Set<List<String>> pairs = SegmentPeople.usualConsents();
        Instant first = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);

        transaction.executeWithoutResult(s -> people.refresh(tenant.id(), List.of(dora, emil), pairs, first));

        assertThat(traits(tenant.id(), dora)).containsEntry("language", "en").containsEntry("preferredStore", "BER-1")
                .containsEntry("identifier.email", "yes").doesNotContainKey("city");
        assertThat(traits(tenant.id(), emil)).containsEntry("city", "Berlin").containsEntry("preferredStore", "BER-2");
        assertThat(granted(tenant.id(), emil, "email")).isTrue();
        assertThat(granted(tenant.id(), dora, "email")).isFalse();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM segment_consent WHERE tenant_id = :t AND person_id = :p")
                .param("t", tenant.id()).param("p", dora).query(Long.class).single()).isEqualTo(pairs.size());

        record(tenant.id(), dora, null, Channel.EMAIL, true, Instant.now());
        Instant second = first.plus(Duration.ofHours(1));
        transaction.executeWithoutResult(s -> people.refresh(tenant.id(), List.of(dora, emil), pairs, second));

        assertThat(granted(tenant.id(), dora, "email")).isTrue();
        assertThat(checkedAt(tenant.id(), dora, "email")).isEqualTo(second);
        // emil's answer did not change: the row keeps the time it was last written
        assertThat(checkedAt(tenant.id(), emil, "email")).isNotEqualTo(second);
        assertThat(checkedAt(tenant.id(), emil, "sms")).isNotEqualTo(second);
        assertThat(traits(tenant.id(), dora)).containsEntry("language", "en");
    }

    private void record(UUID tenantId, UUID profileId, String email, Channel channel, boolean granted, Instant at) {
        consents.record(new NewConsent(tenantId, profileId, email == null ? null : "email", email, channel,
                Purpose.MARKETING, granted, at, "import", null, null, null, Map.of(), null));
    }

    private long events(UUID tenantId, UUID person) {
        return jdbc.sql("SELECT COUNT(*) FROM segment_event WHERE tenant_id = :t AND person_id = :p")
                .param("t", tenantId).param("p", person).query(Long.class).single();
    }

    private Map<String, String> traits(UUID tenantId, UUID person) {
        Map<String, String> traits = new java.util.HashMap<>();
        jdbc.sql("SELECT name, trait_value FROM segment_trait WHERE tenant_id = :t AND person_id = :p")
                .param("t", tenantId).param("p", person)
                .query((rs, n) -> traits.put(rs.getString(1), rs.getString(2))).list();
        return traits;
    }

    private boolean granted(UUID tenantId, UUID person, String channel) {
        return jdbc.sql("""
                        SELECT granted FROM segment_consent WHERE tenant_id = :t AND person_id = :p
                          AND channel = :c AND purpose = 'marketing'
                        """)
                .param("t", tenantId).param("p", person).param("c", channel).query(Boolean.class).single();
    }

    private Instant checkedAt(UUID tenantId, UUID person, String channel) {
        return jdbc.sql("""
                        SELECT checked_at FROM segment_consent WHERE tenant_id = :t AND person_id = :p
                          AND channel = :c AND purpose = 'marketing'
                        """)
                .param("t", tenantId).param("p", person).param("c", channel)
                .query((rs, n) -> Timestamps.instant(rs, "checked_at")).single();
    }
}

package io.footbridge.journeys.flow;

import io.footbridge.identity.ProfileMerged;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Two profiles became one person: their journey entries, tasks and purchase days are the survivor's now. Where both
 * were inside the same journey, the entry that came in first goes on and the other ends ({@code exited}, reason
 * {@code merged}), so the person is inside each journey once and no step they had runs again; entries that ended
 * count for the survivor's re-entry policy.
 */
@Component
class JourneyMerges {

    private final JdbcClient jdbc;
    private final Replenishment replenishment;

    JourneyMerges(JdbcClient jdbc, Replenishment replenishment) {
        this.jdbc = jdbc;
        this.replenishment = replenishment;
    }

    @ApplicationModuleListener
    void on(ProfileMerged merged) {
        UUID tenantId = merged.tenantId();
        UUID from = merged.fromProfileId();
        UUID root = merged.rootId();
        Instant now = Instant.now();
        List<UUID> journeys = jdbc.sql("""
                        SELECT DISTINCT journey_id FROM journey_person WHERE tenant_id = :t AND person_id = :from
                        ORDER BY journey_id
                        """)
                .param("t", tenantId).param("from", from).query(UUID.class).list();
        for (UUID journeyId : journeys) {
            // both people's rows, locked in one order, as entering locks them: entries are decided one at a time
            List<Object[]> rows = jdbc.sql("""
                            SELECT person_id, entries, last_entered_at FROM journey_person
                            WHERE journey_id = :j AND person_id IN (:people) ORDER BY person_id FOR UPDATE
                            """)
                    .param("j", journeyId).param("people", List.of(from, root))
                    .query((rs, row) -> new Object[]{rs.getObject("person_id", UUID.class), rs.getInt("entries"),
                            Timestamps.instant(rs, "last_entered_at")}).list();
            List<Object[]> inside = jdbc.sql("""
                            SELECT id, entered_at FROM journey_entry
                            WHERE journey_id = :j AND person_id IN (:people) AND status = 'active'
                            ORDER BY entered_at, id
                            """)
                    .param("j", journeyId).param("people", List.of(from, root))
                    .query((rs, row) -> new Object[]{rs.getObject("id", UUID.class),
                            Timestamps.instant(rs, "entered_at")}).list();
            for (Object[] later : inside.subList(Math.min(1, inside.size()), inside.size())) {
                jdbc.sql("""
                                UPDATE journey_entry SET status = 'exited', end_reason = 'merged', ended_at = :now,
                                    due_at = NULL, wait_pc = NULL, wait_event = NULL, wait_store_id = NULL,
                                    wait_since = NULL, wait_heard_at = NULL
                                WHERE id = :id AND status = 'active'
                                """)
                        .param("now", Timestamps.of(now)).param("id", later[0]).update();
            }
            jdbc.sql("UPDATE journey_entry SET person_id = :root WHERE journey_id = :j AND person_id = :from")
                    .param("root", root).param("j", journeyId).param("from", from).update();
            int entries = rows.stream().mapToInt(r -> (Integer) r[1]).sum();
            Instant last = rows.stream().map(r -> (Instant) r[2]).max(Instant::compareTo).orElse(now);
            boolean rootHasRow = rows.stream().anyMatch(r -> r[0].equals(root));
            if (rootHasRow) {
                jdbc.sql("""
                                UPDATE journey_person SET entries = :n, last_entered_at = :last
                                WHERE journey_id = :j AND person_id = :root
                                """)
                        .param("n", entries).param("last", Timestamps.of(last)).param("j", journeyId)
                        .param("root", root).update();
            } else {
                jdbc.sql("""
                                INSERT INTO journey_person (journey_id, person_id, tenant_id, last_entered_at, entries)
                                VALUES (:j, :root, :t, :last, :n)
                                """)
                        .param("j", journeyId).param("root", root).param("t", tenantId)
                        .param("last", Timestamps.of(last)).param("n", entries).update();
            }
            jdbc.sql("DELETE FROM journey_person WHERE journey_id = :j AND person_id = :from")
                    .param("j", journeyId).param("from", from).update();
        }
        jdbc.sql("UPDATE journey_task SET person_id = :root WHERE tenant_id = :t AND person_id = :from")
                .param("root", root).param("t", tenantId).param("from", from).update();
        jdbc.sql("UPDATE journey_link SET person_id = :root WHERE tenant_id = :t AND person_id = :from")
                .param("root", root).param("t", tenantId).param("from", from).update();
        replenishment.merge(tenantId, from, root);
    }
}

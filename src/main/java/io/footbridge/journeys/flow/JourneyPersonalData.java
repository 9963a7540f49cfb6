package io.footbridge.journeys.flow;

import io.footbridge.platform.PersonalData;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * What journeys keep of a person: their entries (with the triggering event's properties) and the steps they went
 * through. Erasing takes them out of every journey at once; the entries stay for the journeys' counts, belonging
 * to no one and without the event's properties or the steps' details.
 */
@Component
class JourneyPersonalData implements PersonalData {

    /** Who an erased person's entries belong to: nobody. */
    static final UUID NOBODY = new UUID(0, 0);

    private final JdbcClient jdbc;

    JourneyPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String section() {
        return "journeys";
    }

    @Override
    public Object export(Person person) {
        return jdbc.sql("""
                        SELECT j.name AS journey, e.version, e.status, e.entered_at, e.ended_at, e.holdout
                        FROM journey_entry e JOIN journey j ON j.id = e.journey_id
                        WHERE e.tenant_id = :tenantId AND e.person_id IN (:people) ORDER BY e.entered_at
                        """)
                .param("tenantId", person.tenantId()).param("people", person.profileIds())
                .query().listOfRows();
    }

    @Override
    public void erase(Person person) {
        jdbc.sql("""
                        UPDATE journey_step SET detail = NULL WHERE entry_id IN (SELECT id FROM journey_entry
                            WHERE tenant_id = :tenantId AND person_id IN (:people))
                        """)
                .param("tenantId", person.tenantId()).param("people", person.profileIds()).update();
        jdbc.sql("""
                        UPDATE journey_entry SET person_id = :nobody, context = NULL, due_at = NULL, wait_pc = NULL,
                            wait_event = NULL, wait_store_id = NULL, wait_since = NULL, wait_heard_at = NULL,
                            status = CASE WHEN status = 'active' THEN 'erased' ELSE status END,
                            end_reason = CASE WHEN status = 'active' THEN 'erased' ELSE end_reason END,
                            ended_at = COALESCE(ended_at, CURRENT_TIMESTAMP)
                        WHERE tenant_id = :tenantId AND person_id IN (:people)
                        """)
                .param("nobody", NOBODY).param("tenantId", person.tenantId()).param("people", person.profileIds())
                .update();
        // a task about someone erased has nobody left to call
        jdbc.sql("DELETE FROM journey_task WHERE tenant_id = :tenantId AND person_id IN (:people)")
                .param("tenantId", person.tenantId()).param("people", person.profileIds()).update();
        // a link that names an erased person would tie the next click to nobody; it leads nowhere now
        jdbc.sql("DELETE FROM journey_link WHERE tenant_id = :tenantId AND person_id IN (:people)")
                .param("tenantId", person.tenantId()).param("people", person.profileIds()).update();
        jdbc.sql("DELETE FROM journey_person WHERE tenant_id = :tenantId AND person_id IN (:people)")
                .param("tenantId", person.tenantId()).param("people", person.profileIds()).update();
        if (!person.events().isEmpty()) {
            for (int start = 0; start < person.events().size(); start += 1000) {
                jdbc.sql("DELETE FROM journey_pending WHERE tenant_id = :tenantId AND seq IN (:seqs)")
                        .param("tenantId", person.tenantId())
                        .param("seqs", person.events().subList(start, Math.min(person.events().size(), start + 1000)))
                        .update();
            }
        }
    }
}

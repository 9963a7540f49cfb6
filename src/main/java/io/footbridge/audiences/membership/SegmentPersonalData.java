package io.footbridge.audiences.membership;

import io.footbridge.platform.PersonalData;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What segments keep of a person: their traits and consents as last read, their memberships and the record of
 * entries and exits. Erasing removes all of it and the properties copied from their events; the events stay,
 * belonging to no one, for counts.
 */
@Component
class SegmentPersonalData implements PersonalData {

    private final JdbcClient jdbc;

    SegmentPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String section() {
        return "segments";
    }

    @Override
    public Object export(Person person) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("segments", jdbc.sql("""
                        SELECT s.name FROM segment_member m JOIN segment s ON s.id = m.segment_id
                        WHERE m.tenant_id = :tenantId AND m.person_id IN (:people) ORDER BY s.name
                        """)
                .param("tenantId", person.tenantId()).param("people", person.profileIds())
                .query(String.class).list());
        Map<String, String> traits = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT name, trait_value FROM segment_trait WHERE tenant_id = :tenantId
                          AND person_id IN (:people) ORDER BY name
                        """)
                .param("tenantId", person.tenantId()).param("people", person.profileIds())
                .query((rs, row) -> traits.put(rs.getString("name"), rs.getString("trait_value"))).list();
        section.put("traits", traits);
        return section;
    }

    @Override
    public void erase(Person person) {
        for (String table : List.of("segment_member", "segment_change", "segment_trait", "segment_consent",
                "segment_person", "segment_rfm", "segment_lifetime", "segment_tier")) {
            jdbc.sql("DELETE FROM " + table + " WHERE tenant_id = :tenantId AND person_id IN (:people)")
                    .param("tenantId", person.tenantId()).param("people", person.profileIds()).update();
        }
        jdbc.sql("""
                        UPDATE segment_event SET person_id = NULL, tags = NULL
                        WHERE tenant_id = :tenantId AND person_id IN (:people)
                        """)
                .param("tenantId", person.tenantId()).param("people", person.profileIds()).update();
        if (!person.events().isEmpty()) {
            for (int start = 0; start < person.events().size(); start += 1000) {
                List<Long> chunk = person.events().subList(start, Math.min(person.events().size(), start + 1000));
                jdbc.sql("UPDATE segment_event SET tags = NULL WHERE tenant_id = :tenantId AND seq IN (:seqs)")
                        .param("tenantId", person.tenantId()).param("seqs", chunk).update();
                jdbc.sql("DELETE FROM segment_pending WHERE tenant_id = :tenantId AND seq IN (:seqs)")
                        .param("tenantId", person.tenantId()).param("seqs", chunk).update();
            }
        }
    }
}

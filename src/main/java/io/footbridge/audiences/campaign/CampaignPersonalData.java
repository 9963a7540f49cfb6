package io.footbridge.audiences.campaign;

import io.footbridge.platform.PersonalData;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The campaigns a person was drawn for. Erasure keeps the campaign's counts (held out or not, what became of the
 * message) but puts a random id where the person's was, so nothing points back to them.
 */
@Component
class CampaignPersonalData implements PersonalData {

    private final JdbcClient jdbc;

    CampaignPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String section() {
        return "campaigns";
    }

    @Override
    public Object export(Person person) {
        List<Map<String, Object>> campaigns = jdbc.sql("""
                        SELECT c.name, r.holdout, r.status, r.channel, r.drawn_at FROM campaign_recipient r
                        JOIN campaign c ON c.id = r.campaign_id
                        WHERE r.tenant_id = :tenantId AND r.person_id IN (:people) ORDER BY r.drawn_at
                        """)
                .param("tenantId", person.tenantId()).param("people", person.profileIds())
                .query((rs, row) -> Map.<String, Object>of("campaign", rs.getString("name"),
                        "heldOut", rs.getBoolean("holdout"), "status", rs.getString("status"),
                        "channel", rs.getString("channel") == null ? "" : rs.getString("channel"),
                        "drawnAt", rs.getString("drawn_at")))
                .list();
        return campaigns.isEmpty() ? null : campaigns;
    }

    @Override
    public void erase(Person person) {
        List<Map.Entry<UUID, UUID>> rows = jdbc.sql("""
                        SELECT campaign_id, person_id FROM campaign_recipient
                        WHERE tenant_id = :tenantId AND person_id IN (:people)
                        """)
                .param("tenantId", person.tenantId()).param("people", person.profileIds())
                .query((rs, row) -> Map.entry(rs.getObject("campaign_id", UUID.class),
                        rs.getObject("person_id", UUID.class)))
                .list();
        for (Map.Entry<UUID, UUID> row : rows) {
            jdbc.sql("""
                            UPDATE campaign_recipient SET person_id = :anonymous, reason = NULL
                            WHERE campaign_id = :campaign AND person_id = :person
                            """)
                    .param("anonymous", UUID.randomUUID()).param("campaign", row.getKey())
                    .param("person", row.getValue()).update();
        }
    }
}

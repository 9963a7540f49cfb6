package io.footbridge.audiences.destination;

import io.footbridge.platform.PersonalData;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What webhook destinations were told about a person, and their erasure passed on: every destination that received
 * the person gets an {@code erased} call (a removal request, by person id) and the rest of the person's deliveries
 * are dropped; once that call is answered its row goes too.
 */
@Component
class DestinationPersonalData implements PersonalData {

    private final JdbcClient jdbc;
    private final WebhookSender sender;

    DestinationPersonalData(JdbcClient jdbc, WebhookSender sender) {
        this.jdbc = jdbc;
        this.sender = sender;
    }

    @Override
    public String section() {
        return "audienceDestinations";
    }

    @Override
    public Object export(Person person) {
        List<Map<String, Object>> sent = jdbc.sql("""
                        SELECT d.url, x.kind, x.at, x.status FROM audience_delivery x
                        JOIN audience_destination d ON d.id = x.destination_id
                        WHERE x.tenant_id = :tenantId AND x.person_id IN (:people) ORDER BY x.at
                        """)
                .param("tenantId", person.tenantId()).param("people", person.profileIds())
                .query((rs, row) -> Map.<String, Object>of("destination", rs.getString("url"),
                        "kind", rs.getString("kind"), "at", rs.getString("at"), "status", rs.getString("status")))
                .list();
        return sent.isEmpty() ? null : Map.of("deliveries", sent);
    }

    @Override
    public void erase(Person person) {
        List<UUID> told = jdbc.sql("""
                        SELECT DISTINCT destination_id FROM audience_delivery
                        WHERE tenant_id = :tenantId AND person_id IN (:people) AND status = 'delivered'
                        """)
                .param("tenantId", person.tenantId()).param("people", person.profileIds()).query(UUID.class).list();
        jdbc.sql("DELETE FROM audience_delivery WHERE tenant_id = :tenantId AND person_id IN (:people)")
                .param("tenantId", person.tenantId()).param("people", person.profileIds()).update();
        Instant now = Instant.now();
        told.forEach(destination -> sender.enqueue(destination, person.tenantId(), person.rootId(), "erased", now));
    }
}

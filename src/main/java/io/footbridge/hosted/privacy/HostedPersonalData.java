package io.footbridge.hosted.privacy;

import io.footbridge.platform.PersonalData;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The hosted pages' part of a person's data: their event tickets, the devices the Wi-Fi portal remembers and the
 * identifying links made for them. Erasing keeps a ticket's seats (so an event's capacity stays right) without the
 * name and email on it.
 */
@Component
class HostedPersonalData implements PersonalData {

    private final JdbcClient jdbc;

    HostedPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Ticket(String eventCode, String status, int seats, String firstName, String email, Instant createdAt) {
    }

    @Override
    public String section() {
        return "hosted";
    }

    @Override
    public Object export(Person person) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("eventTickets", tickets(person));
        section.put("wifiDevices", person.values("deviceId").isEmpty() ? List.of() : jdbc.sql("""
                        SELECT device, last_login_at FROM wifi_device WHERE tenant_id = :tenantId AND device IN (:devices)
                        """)
                .param("tenantId", person.tenantId()).param("devices", person.values("deviceId"))
                .query((rs, n) -> Map.of("device", rs.getString(1), "lastLoginAt",
                        Timestamps.instant(rs, "last_login_at")))
                .list());
        return section;
    }

    @Override
    public void erase(Person person) {
        List<String> emails = emails(person);
        if (!emails.isEmpty()) {
            jdbc.sql("""
                            UPDATE event_ticket SET first_name = 'erased', email = 'erased'
                            WHERE tenant_id = :tenantId AND LOWER(email) IN (:emails)
                            """)
                    .param("tenantId", person.tenantId()).param("emails", emails).update();
        }
        if (!person.values("deviceId").isEmpty()) {
            jdbc.sql("DELETE FROM wifi_device WHERE tenant_id = :tenantId AND device IN (:devices)")
                    .param("tenantId", person.tenantId()).param("devices", person.values("deviceId")).update();
        }
        for (String spelling : person.spellings()) {
            if (spelling.length() < 5) {
                continue;
            }
            String like = "%" + spelling.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            jdbc.sql("DELETE FROM web_link WHERE tenant_id = :tenantId AND identifiers LIKE :like ESCAPE '\\'")
                    .param("tenantId", person.tenantId()).param("like", like).update();
        }
    }

    /** Before identity, which the others need to find the person by their identifiers. */
    @Override
    public int erasureOrder() {
        return 10;
    }

    private List<Ticket> tickets(Person person) {
        List<String> emails = emails(person);
        if (emails.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT e.code, t.status, t.seats, t.first_name, t.email, t.created_at
                        FROM event_ticket t JOIN listed_event e ON e.id = t.event_id
                        WHERE t.tenant_id = :tenantId AND LOWER(t.email) IN (:emails)
                        ORDER BY t.created_at
                        """)
                .param("tenantId", person.tenantId()).param("emails", emails)
                .query(HostedPersonalData::ticket).list();
    }

    /** Tickets keep the email as typed: match both the normalised and the original spellings. */
    private static List<String> emails(Person person) {
        Set<String> emails = new LinkedHashSet<>();
        person.identifiers().stream().filter(i -> i.type().equals("email")).forEach(i -> {
            emails.add(i.value().toLowerCase(Locale.ROOT));
            emails.add(i.original().strip().toLowerCase(Locale.ROOT));
        });
        return List.copyOf(emails);
    }

    private static Ticket ticket(ResultSet rs, int n) throws SQLException {
        return new Ticket(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                Timestamps.instant(rs, "created_at"));
    }
}

package io.footbridge.capture.privacy;

import io.footbridge.capture.CaptureLog;
import io.footbridge.capture.CapturedEvent;
import io.footbridge.platform.PersonalData;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Capture's part of a person's data: their events, the sales they gave their details at, their event tickets, the
 * devices the Wi-Fi portal remembers and the identifying links made for them. Erasing keeps every event and sale
 * (so that revenue, visits and scans stay true) without anything that says whose they were.
 */
@Component
class CapturePersonalData implements PersonalData {

    private static final int CHUNK = 1000;

    private final CaptureLog captureLog;
    private final JdbcClient jdbc;
    private final JsonMapper json;

    CapturePersonalData(CaptureLog captureLog, JdbcClient jdbc, JsonMapper json) {
        this.captureLog = captureLog;
        this.jdbc = jdbc;
        this.json = json;
    }

    record Event(String eventId, String type, Instant occurredAt, Instant receivedAt, UUID storeId, String source,
                 JsonNode identifiers, JsonNode properties) {
    }

    record Sale(String transactionId, String kind, UUID storeId, Instant occurredAt, String currency, long total,
                JsonNode customer) {
    }

    record Ticket(String eventCode, String status, int seats, String firstName, String email, Instant createdAt) {
    }

    @Override
    public String section() {
        return "capture";
    }

    @Override
    public Object export(Person person) {
        List<CapturedEvent> events = events(person);
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("events", events.stream().map(e -> new Event(e.eventId(), e.type(), e.occurredAt(),
                e.receivedAt(), e.storeId(), e.source(), tree(e.identifiersJson()), tree(e.propertiesJson()))).toList());
        Set<String> transactions = transactionIds(events);
        section.put("sales", transactions.isEmpty() ? List.of() : jdbc.sql("""
                        SELECT transaction_id, kind, store_id, occurred_at, currency, total, customer
                        FROM pos_transaction WHERE tenant_id = :tenantId AND transaction_id IN (:ids)
                        ORDER BY occurred_at
                        """)
                .param("tenantId", person.tenantId()).param("ids", transactions)
                .query((rs, n) -> new Sale(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class),
                        Timestamps.instant(rs, "occurred_at"), rs.getString(5), rs.getLong(6), tree(rs.getString(7))))
                .list());
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
        List<CapturedEvent> events = events(person);
        Set<String> transactions = transactionIds(events);
        captureLog.anonymise(person.tenantId(), person.events());
        if (!transactions.isEmpty()) {
            jdbc.sql("""
                            UPDATE pos_transaction SET customer = NULL
                            WHERE tenant_id = :tenantId AND transaction_id IN (:ids)
                            """)
                    .param("tenantId", person.tenantId()).param("ids", transactions).update();
        }
        List<String> emails = emails(person);
        if (!emails.isEmpty()) {
            // the ticket keeps its seats so the event's capacity stays right
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
            // rejected input that carried the person is deleted rather than kept for a replay that would bring them back
            jdbc.sql("DELETE FROM failed_event WHERE tenant_id = :tenantId AND payload LIKE :like ESCAPE '\\'")
                    .param("tenantId", person.tenantId()).param("like", like).update();
            jdbc.sql("DELETE FROM web_link WHERE tenant_id = :tenantId AND identifiers LIKE :like ESCAPE '\\'")
                    .param("tenantId", person.tenantId()).param("like", like).update();
        }
    }

    @Override
    public int erasureOrder() {
        return 10;
    }

    private List<CapturedEvent> events(Person person) {
        List<CapturedEvent> events = new ArrayList<>();
        List<Long> all = person.events();
        for (int from = 0; from < all.size(); from += CHUNK) {
            events.addAll(captureLog.read(person.tenantId(), all.subList(from, Math.min(all.size(), from + CHUNK))));
        }
        return events;
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
                .query(CapturePersonalData::ticket).list();
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

    private Set<String> transactionIds(List<CapturedEvent> events) {
        Set<String> ids = new LinkedHashSet<>();
        for (CapturedEvent e : events) {
            if (e.type().startsWith("pos.") && e.eventId().startsWith("pos:")) {
                ids.add(e.eventId().substring(4));
            }
        }
        return ids;
    }

    private JsonNode tree(String text) {
        return text == null ? null : json.readTree(text);
    }

    private static Ticket ticket(ResultSet rs, int n) throws SQLException {
        return new Ticket(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                Timestamps.instant(rs, "created_at"));
    }
}

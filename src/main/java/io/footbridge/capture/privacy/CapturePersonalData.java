package io.footbridge.capture.privacy;

import io.footbridge.capture.CaptureLog;
import io.footbridge.capture.CapturedEvent;
import io.footbridge.platform.PersonalData;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Capture's part of a person's data: their events, the sales they gave their details at and the rejected input that
 * carried them. Erasing keeps every event and sale (so that revenue, visits and scans stay true) without anything
 * that says whose they were. What the hosted pages keep (tickets, Wi-Fi devices, links) is the hosted module's part.
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
        for (String spelling : person.spellings()) {
            if (spelling.length() < 5) {
                continue;
            }
            String like = "%" + spelling.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            // rejected input that carried the person is deleted rather than kept for a replay that would bring them back
            jdbc.sql("DELETE FROM failed_event WHERE tenant_id = :tenantId AND payload LIKE :like ESCAPE '\\'")
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
}

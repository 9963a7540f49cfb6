package io.footbridge.audiences.membership;

import io.footbridge.capture.CaptureFeeds;
import io.footbridge.capture.CapturedEvent;
import io.footbridge.platform.Timestamps;
import io.footbridge.audiences.rule.RuleSql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Follows the capture log (the {@code segments} feed) into {@code segment_event}: each event in the form the rules
 * ask about, waiting in {@code segment_pending} until identity names its person ({@link SegmentPeople} picks it up there).
 * Idempotent, as the feed may hand an event over twice: an event already kept is left alone.
 */
@Component
class EventProjection {

    static final String FEED = "segments";
    private static final int MAX_TAGS = 4000;
    private static final int MAX_VALUE = 100;

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final CaptureFeeds.Feed feed;

    EventProjection(JdbcTemplate jdbc, JsonMapper json, CaptureFeeds feeds) {
        this.jdbc = jdbc;
        this.json = json;
        this.feed = feeds.follow(FEED, this::handle);
    }

    /** Runs the feed now, in the caller's thread. */
    int drain() {
        return feed.drain();
    }

    private void handle(List<CapturedEvent> events) {
        List<Object[]> rows = new ArrayList<>(events.size());
        for (CapturedEvent event : events) {
            JsonNode props = event.propertiesJson() == null ? json.createObjectNode()
                    : json.readTree(event.propertiesJson());
            String txn = null;
            Long amount = null;
            String currency = null;
            switch (event.type()) {
                case "pos.purchase" -> {
                    txn = text(props, "transactionId");
                    amount = props.path("total").isIntegralNumber() ? props.get("total").asLong() : null;
                    currency = text(props, "currency");
                }
                case "pos.refund" -> {
                    txn = text(props, "originalTransactionId");
                    amount = props.path("total").isIntegralNumber() ? -props.get("total").asLong() : null;
                    currency = text(props, "currency");
                }
                case "pos.void" -> {
                    txn = text(props, "originalTransactionId");
                    Map<String, Object> before = txn == null ? null : jdbc.queryForMap("""
                            SELECT COALESCE(SUM(amount), 0) AS amount, MAX(currency) AS currency
                            FROM segment_event WHERE tenant_id = ? AND txn = ? AND seq <> ?
                            """, event.tenantId(), txn, event.sequence());
                    // a void takes back what the sale still counts for, less what refunds already took
                    amount = before == null ? null : -((Number) before.get("amount")).longValue();
                    currency = before == null ? null : (String) before.get("currency");
                }
                default -> {
                }
            }
            if (currency != null && !currency.matches("[A-Z]{3}")) {
                currency = null;
            }
            rows.add(new Object[]{event.sequence(), event.tenantId(), event.type(),
                    Timestamps.of(event.occurredAt()), Timestamps.of(event.receivedAt()), event.storeId(), txn,
                    currency == null ? null : amount, currency, tags(props, event.identifiersJson()),
                    event.sequence()});
        }
        jdbc.batchUpdate("""
                INSERT INTO segment_event (seq, tenant_id, type, occurred_at, received_at, store_id, txn, amount,
                    currency, tags)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM segment_event WHERE seq = ?)
                """, rows);
        List<Object[]> pending = new ArrayList<>(events.size());
        for (CapturedEvent event : events) {
            pending.add(new Object[]{event.sequence(), event.tenantId(), Timestamps.of(event.receivedAt()),
                    event.sequence(), event.sequence()});
        }
        jdbc.batchUpdate("""
                INSERT INTO segment_pending (seq, tenant_id, received_at)
                SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM segment_pending WHERE seq = ?)
                  AND NOT EXISTS (SELECT 1 FROM segment_event WHERE seq = ? AND person_id IS NOT NULL)
                """, pending);
    }

    /**
     * The event's top-level scalar properties and categories as {@code |name=value|}, and which kinds of identifier
     * it carried ({@code |identifier.email=yes|}), so that a rule can ask about them with LIKE.
     */
    private String tags(JsonNode props, String identifiersJson) {
        StringBuilder tags = new StringBuilder();
        for (Map.Entry<String, JsonNode> p : props.properties()) {
            JsonNode value = p.getValue();
            if (value.isValueNode() && !value.isNull() && value.asString().length() <= MAX_VALUE) {
                append(tags, p.getKey(), value.asString());
            }
        }
        props.path("categories").forEach(c -> {
            if (c.isString() && c.asString().length() <= MAX_VALUE) {
                append(tags, "category", c.asString());
            }
        });
        if (identifiersJson != null) {
            JsonNode identifiers = json.readTree(identifiersJson);
            for (Map.Entry<String, JsonNode> i : identifiers.properties()) {
                if (i.getValue().isString() && !i.getValue().asString().isBlank()) {
                    append(tags, "identifier." + i.getKey(), "yes");
                    if (i.getKey().equals("birthDate") && i.getValue().asString().length() <= MAX_VALUE) {
                        append(tags, "birthDate", i.getValue().asString());
                    }
                }
            }
        }
        return tags.isEmpty() ? null : tags.toString();
    }

    private static void append(StringBuilder tags, String name, String value) {
        String tag = RuleSql.tag(name, value);
        if (tags.length() + tag.length() <= MAX_TAGS) {
            tags.append(tag);
        }
    }

    private static String text(JsonNode props, String field) {
        JsonNode node = props.get(field);
        return node != null && node.isString() && !node.asString().isBlank() ? node.asString() : null;
    }
}

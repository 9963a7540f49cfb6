package io.footbridge.analytics.figures;

import io.footbridge.capture.CaptureFeeds;
import io.footbridge.capture.CapturedEvent;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Follows the capture log (the {@code analytics-touches} feed, from its beginning) and keeps the touches that
 * online-to-offline conversion is measured from: online touches, online purchases and the till's sales. A sale sent
 * through the transactions API with an online touchpoint is kept as an online purchase. Idempotent: an event handed
 * over twice is kept once. Each touch is left pending for {@link PeopleRollup}, which finds whose it is.
 */
@Component
class TouchLog {

    static final String FEED = "analytics-touches";
    /** The online touches, each a source of its own in the figures. */
    static final List<String> ONLINE = List.of("web.page_view", "message.clicked", "receipt.cta_clicked", "qr.scan");
    static final String ONLINE_PURCHASE = "online.purchase";
    static final String STORE_PURCHASE = "pos.purchase";
    /** What the log keeps besides the till's sales: the online touches and online purchases. */
    private static final Set<String> KEPT = Stream.concat(ONLINE.stream(), Stream.of(ONLINE_PURCHASE))
            .collect(Collectors.toUnmodifiableSet());

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final PeopleRollup people;
    private final CaptureFeeds.Feed feed;

    TouchLog(JdbcClient jdbc, JsonMapper json, CaptureFeeds feeds, PeopleRollup people) {
        this.jdbc = jdbc;
        this.json = json;
        this.people = people;
        this.feed = feeds.follow(FEED, this::handle);
    }

    /** Runs the feed now, in the caller's thread. */
    int drain() {
        return feed.drain();
    }

    private void handle(List<CapturedEvent> events) {
        boolean kept = false;
        for (CapturedEvent event : events) {
            // a pos.* event sent through the events API is no recorded sale; only the till's are counted
            boolean storeSale = event.type().equals(STORE_PURCHASE) && event.eventId().startsWith("pos:")
                    && event.storeId() != null && event.propertiesJson() != null;
            if (!storeSale && !KEPT.contains(event.type())) {
                continue;
            }
            String transactionId = null;
            String type = event.type();
            if (storeSale) {
                JsonNode p = json.readTree(event.propertiesJson());
                transactionId = p.path("transactionId").asString(null);
                if ("online".equals(p.path("channel").asString(null))) {
                    type = ONLINE_PURCHASE;
                }
            }
            jdbc.sql("""
                            INSERT INTO analytics_touch (tenant_id, seq, type, occurred_at, store_id, transaction_id,
                                pending, pending_since)
                            SELECT :tenantId, :seq, :type, :occurredAt, :storeId, :transactionId, :pending, :now
                            WHERE NOT EXISTS (SELECT 1 FROM analytics_touch WHERE tenant_id = :tenantId AND seq = :seq)
                            """)
                    .param("tenantId", event.tenantId()).param("seq", event.sequence()).param("type", type)
                    .param("occurredAt", Timestamps.of(event.occurredAt())).param("storeId", event.storeId())
                    .param("transactionId", transactionId).param("now", Timestamps.of(Instant.now()))
                    // without an identifier the touch is no one's: identity has nothing to resolve it by
                    .param("pending", event.identifiersJson() != null)
                    .update();
            kept = true;
        }
        if (kept) {
            people.wake();
        }
    }
}

package io.footbridge.analytics.figures;

import io.footbridge.capture.CaptureFeeds;
import io.footbridge.capture.CapturedEvent;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Follows the capture log (the {@code analytics} feed) and keeps the daily sales rollup up to date as sales,
 * refunds and voids arrive: a sale counts on its store's local day; a void takes the whole sale back on that same
 * day (a voided sale is no sale); a refund lowers revenue on its own day and leaves the count of sales alone.
 * Idempotent, as the feed may hand an event over twice: each transaction is applied once. A sale where the till
 * named the customer, and one a refund or void changed, is left pending for {@link PeopleRollup}, which finds whose
 * it is and rebuilds that person's rollup.
 */
@Component
class SalesRollup {

    static final String FEED = "analytics";
    private static final String NONE = "";

    private final JdbcClient jdbc;
    private final Stores stores;
    private final JsonMapper json;
    private final PeopleRollup people;
    private final CaptureFeeds.Feed feed;

    SalesRollup(JdbcClient jdbc, Stores stores, JsonMapper json, CaptureFeeds feeds, PeopleRollup people) {
        this.jdbc = jdbc;
        this.stores = stores;
        this.json = json;
        this.people = people;
        this.feed = feeds.follow(FEED, this::handle);
    }

    /** Runs the feed now, in the caller's thread. */
    int drain() {
        return feed.drain();
    }

    private void handle(List<CapturedEvent> events) {
        boolean locked = false;
        for (CapturedEvent event : events) {
            // a pos.* event sent through the events API is no recorded sale; only the till's are counted
            if (!event.eventId().startsWith("pos:") || event.storeId() == null || event.propertiesJson() == null) {
                continue;
            }
            if (!locked && event.type().startsWith("pos.")) {
                people.lock(); // marking rows pending must not interleave with a pass settling them
                locked = true;
            }
            switch (event.type()) {
                case "pos.purchase" -> sale(event);
                case "pos.refund" -> reversal(event, false);
                case "pos.void" -> reversal(event, true);
                default -> {
                }
            }
        }
        if (locked) {
            people.wake();
        }
    }

    private void sale(CapturedEvent event) {
        JsonNode p = json.readTree(event.propertiesJson());
        String transactionId = p.path("transactionId").asString();
        LocalDate day = localDay(event);
        String register = text(p, "register");
        String staff = text(p, "staffId");
        String currency = p.path("currency").asString();
        long total = p.path("total").asLong();
        boolean known = event.identifiersJson() != null;
        boolean online = "online".equals(p.path("channel").asString(null));
        int inserted = jdbc.sql("""
                        INSERT INTO analytics_sale (tenant_id, transaction_id, seq, store_id, local_day, register_id,
                            staff_id, touchpoint_id, currency, total, refunded, known, voided, pending, pending_since,
                            online)
                        SELECT :tenantId, :transactionId, :seq, :storeId, :day, :register, :staff, :touchpoint,
                               :currency, :total, 0, :known, FALSE, :known, :now, :online
                        WHERE NOT EXISTS (SELECT 1 FROM analytics_sale
                                          WHERE tenant_id = :tenantId AND transaction_id = :transactionId)
                        """)
                .param("tenantId", event.tenantId()).param("transactionId", transactionId)
                .param("seq", event.sequence()).param("storeId", event.storeId()).param("day", day)
                .param("register", register).param("staff", staff).param("touchpoint", event.touchpointId())
                .param("currency", currency).param("total", total).param("known", known)
                .param("now", Timestamps.of(Instant.now())).param("online", online)
                .update();
        if (inserted == 1) {
            add(event.tenantId(), event.storeId(), day, register, staff, touchpoint(event.touchpointId()), currency,
                    1, known ? 1 : 0, total, known ? total : 0);
        }
    }

    private void reversal(CapturedEvent event, boolean isVoid) {
        JsonNode p = json.readTree(event.propertiesJson());
        String transactionId = p.path("transactionId").asString();
        String originalId = p.path("originalTransactionId").asString(null);
        int inserted = jdbc.sql("""
                        INSERT INTO analytics_reversal (tenant_id, transaction_id)
                        SELECT :tenantId, :transactionId WHERE NOT EXISTS (SELECT 1 FROM analytics_reversal
                            WHERE tenant_id = :tenantId AND transaction_id = :transactionId)
                        """)
                .param("tenantId", event.tenantId()).param("transactionId", transactionId).update();
        Optional<Sale> original = originalId == null ? Optional.empty() : find(event.tenantId(), originalId);
        if (inserted == 0 || original.isEmpty() || original.get().voided()) {
            return;
        }
        Sale sale = original.get();
        if (sale.known()) {
            // the person's rollup changes with it; a pass rebuilds it (the person stays who they were)
            jdbc.sql("""
                            UPDATE analytics_sale SET pending = TRUE, pending_since = COALESCE(pending_since, :now)
                            WHERE tenant_id = :tenantId AND transaction_id = :id
                            """)
                    .param("now", Timestamps.of(Instant.now())).param("tenantId", event.tenantId())
                    .param("id", originalId).update();
        }
        if (isVoid) {
            jdbc.sql("UPDATE analytics_sale SET voided = TRUE WHERE tenant_id = :tenantId AND transaction_id = :id")
                    .param("tenantId", event.tenantId()).param("id", originalId).update();
            // what refunds already took back was booked on their own days and stays there
            long rest = sale.total() - sale.refunded();
            add(event.tenantId(), sale.storeId(), sale.day(), sale.register(), sale.staff(),
                    touchpoint(sale.touchpointId()), sale.currency(), -1, sale.known() ? -1 : 0, -rest,
                    sale.known() ? -rest : 0);
            return;
        }
        long back = p.path("total").asLong();
        jdbc.sql("""
                        UPDATE analytics_sale SET refunded = refunded + :back
                        WHERE tenant_id = :tenantId AND transaction_id = :id
                        """)
                .param("back", back).param("tenantId", event.tenantId()).param("id", originalId).update();
        add(event.tenantId(), event.storeId(), localDay(event), text(p, "register"), text(p, "staffId"),
                touchpoint(event.touchpointId()), sale.currency(), 0, 0, -back, sale.known() ? -back : 0);
    }

    private record Sale(UUID storeId, LocalDate day, String register, String staff, UUID touchpointId,
                        String currency, long total, long refunded, boolean known, boolean voided) {
    }

    private Optional<Sale> find(UUID tenantId, String transactionId) {
        return jdbc.sql("""
                        SELECT store_id, local_day, register_id, staff_id, touchpoint_id, currency, total, refunded,
                               known, voided
                        FROM analytics_sale WHERE tenant_id = :tenantId AND transaction_id = :id
                        """)
                .param("tenantId", tenantId).param("id", transactionId)
                .query((rs, row) -> new Sale(rs.getObject("store_id", UUID.class),
                        rs.getObject("local_day", LocalDate.class), rs.getString("register_id"),
                        rs.getString("staff_id"), rs.getObject("touchpoint_id", UUID.class), rs.getString("currency"),
                        rs.getLong("total"), rs.getLong("refunded"), rs.getBoolean("known"),
                        rs.getBoolean("voided")))
                .optional();
    }

    /**
     * Adds to one row of the rollup and to the store's total of that day; the feed runs on one node at a time, so
     * update-then-insert cannot race.
     */
    private void add(UUID tenantId, UUID storeId, LocalDate day, String register, String staff, String touchpoint,
                     String currency, long sales, long known, long revenue, long knownRevenue) {
        int updated = jdbc.sql("""
                        UPDATE analytics_sales_day SET sales = sales + :sales, known_sales = known_sales + :known,
                            revenue = revenue + :revenue, known_revenue = known_revenue + :knownRevenue
                        WHERE tenant_id = :tenantId AND local_day = :day AND store_id = :storeId
                          AND register_id = :register AND staff_id = :staff AND touchpoint = :touchpoint
                          AND currency = :currency
                        """)
                .param("sales", sales).param("known", known).param("revenue", revenue)
                .param("knownRevenue", knownRevenue).param("tenantId", tenantId).param("day", day)
                .param("storeId", storeId).param("register", register).param("staff", staff)
                .param("touchpoint", touchpoint).param("currency", currency)
                .update();
        if (updated == 0) {
            jdbc.sql("""
                            INSERT INTO analytics_sales_day (tenant_id, store_id, local_day, register_id, staff_id,
                                touchpoint, currency, sales, known_sales, revenue, known_revenue)
                            VALUES (:tenantId, :storeId, :day, :register, :staff, :touchpoint, :currency, :sales,
                                :known, :revenue, :knownRevenue)
                            """)
                    .param("sales", sales).param("known", known).param("revenue", revenue)
                    .param("knownRevenue", knownRevenue).param("tenantId", tenantId).param("day", day)
                    .param("storeId", storeId).param("register", register).param("staff", staff)
                    .param("touchpoint", touchpoint).param("currency", currency)
                    .update();
        }
        // and the store's total of the day, which the key figures and the console home read
        int totalled = jdbc.sql("""
                        UPDATE analytics_sales_store_day SET sales = sales + :sales, known_sales = known_sales + :known,
                            revenue = revenue + :revenue, known_revenue = known_revenue + :knownRevenue
                        WHERE tenant_id = :tenantId AND local_day = :day AND store_id = :storeId
                          AND currency = :currency
                        """)
                .param("sales", sales).param("known", known).param("revenue", revenue)
                .param("knownRevenue", knownRevenue).param("tenantId", tenantId).param("day", day)
                .param("storeId", storeId).param("currency", currency)
                .update();
        if (totalled == 0) {
            jdbc.sql("""
                            INSERT INTO analytics_sales_store_day (tenant_id, store_id, local_day, currency, sales,
                                known_sales, revenue, known_revenue)
                            VALUES (:tenantId, :storeId, :day, :currency, :sales, :known, :revenue, :knownRevenue)
                            """)
                    .param("sales", sales).param("known", known).param("revenue", revenue)
                    .param("knownRevenue", knownRevenue).param("tenantId", tenantId).param("day", day)
                    .param("storeId", storeId).param("currency", currency)
                    .update();
        }
    }

    private LocalDate localDay(CapturedEvent event) {
        ZoneId zone = stores.findById(event.tenantId(), event.storeId()).map(StoreRef::timeZone)
                .orElse(ZoneOffset.UTC);
        return event.occurredAt().atZone(zone).toLocalDate();
    }

    private static String text(JsonNode properties, String field) {
        return properties.path(field).asString(NONE);
    }

    private static String touchpoint(UUID id) {
        return id == null ? NONE : id.toString();
    }
}

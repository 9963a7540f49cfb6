package io.footbridge.journeys.flow;

import io.footbridge.capture.Sales;
import io.footbridge.journeys.Replenishments;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Scope;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Keeps each person's purchase days per SKU (from the sale's lines, read through capture's {@link Sales}) and per
 * category (from the purchase event), and from them the day they are expected to buy again. Fed by the trigger feed
 * once identity named the person of a {@code pos.purchase}; a day counts once however often they bought that day.
 */
@Component
class Replenishment implements Replenishments {

    /** Repeat buyers whose intervals make an item's typical interval, at most. */
    private static final int TYPICAL_SAMPLE = 10_000;

    private final JdbcClient jdbc;
    private final Sales sales;
    private final Stores stores;
    private final JsonMapper json;

    Replenishment(JdbcClient jdbc, Sales sales, Stores stores, JsonMapper json) {
        this.jdbc = jdbc;
        this.sales = sales;
        this.stores = stores;
        this.json = json;
    }

    /** A purchase of the person: the SKUs of its sale and the categories of its event, on the store's day. */
    void purchase(UUID tenantId, UUID personId, UUID storeId, Instant occurredAt, String properties) {
        JsonNode props = properties == null ? json.createObjectNode() : json.readTree(properties);
        Map<String, String> items = new LinkedHashMap<>();
        props.path("categories").forEach(c -> {
            if (c.isString() && !c.asString().isBlank() && c.asString().length() <= 200) {
                items.put("category:" + c.asString(), c.asString());
            }
        });
        String transactionId = props.path("transactionId").asString(null);
        if (transactionId != null) {
            sales.find(tenantId, transactionId).ifPresent(sale -> sale.lines().stream()
                    .filter(l -> l.sku() != null && l.quantity() > 0 && l.sku().length() <= 200)
                    .forEach(l -> items.put("sku:" + l.sku(), l.sku())));
        }
        LocalDate day = occurredAt.atZone(storeId == null ? ZoneOffset.UTC : stores.findById(tenantId, storeId)
                .map(StoreRef::timeZone).orElse(ZoneOffset.UTC)).toLocalDate();
        items.forEach((key, item) -> {
            String kind = key.substring(0, key.indexOf(':'));
            int added = jdbc.sql("""
                            INSERT INTO journey_purchase_day (tenant_id, person_id, kind, item, bought_on, store_id)
                            VALUES (:t, :p, :kind, :item, :day, :store) ON CONFLICT DO NOTHING
                            """)
                    .param("t", tenantId).param("p", personId).param("kind", kind).param("item", item)
                    .param("day", Date.valueOf(day)).param("store", storeId).update();
            if (added > 0) {
                refresh(tenantId, personId, kind, item, storeId);
            }
        });
    }

    /** Works out the person's interval and expected day for the item again from their purchase days. */
    void refresh(UUID tenantId, UUID personId, String kind, String item, UUID lastStoreId) {
        List<LocalDate> days = jdbc.sql("""
                        SELECT bought_on FROM journey_purchase_day
                        WHERE tenant_id = :t AND person_id = :p AND kind = :kind AND item = :item ORDER BY bought_on
                        """)
                .param("t", tenantId).param("p", personId).param("kind", kind).param("item", item)
                .query((rs, row) -> rs.getDate("bought_on").toLocalDate()).list();
        if (days.isEmpty()) {
            jdbc.sql("DELETE FROM journey_replenishment WHERE tenant_id = :t AND person_id = :p AND kind = :kind"
                            + " AND item = :item")
                    .param("t", tenantId).param("p", personId).param("kind", kind).param("item", item).update();
            return;
        }
        List<Integer> intervals = new ArrayList<>();
        for (int i = 1; i < days.size(); i++) {
            intervals.add((int) ChronoUnit.DAYS.between(days.get(i - 1), days.get(i)));
        }
        Integer own = median(intervals);
        LocalDate last = days.get(days.size() - 1);
        Integer interval = own != null ? own : typical(tenantId, kind, item);
        LocalDate next = interval == null ? null : last.plusDays(interval);
        UUID storeId = lastStoreId;
        int updated = jdbc.sql("""
                        UPDATE journey_replenishment SET store_id = COALESCE(:store, store_id), purchases = :n,
                            last_day = :last, interval_days = :own, next_day = :next
                        WHERE tenant_id = :t AND person_id = :p AND kind = :kind AND item = :item
                        """)
                .param("store", storeId).param("n", days.size()).param("last", Date.valueOf(last))
                .param("own", own).param("next", next == null ? null : Date.valueOf(next))
                .param("t", tenantId).param("p", personId).param("kind", kind).param("item", item).update();
        if (updated == 0) {
            jdbc.sql("""
                            INSERT INTO journey_replenishment (tenant_id, person_id, kind, item, store_id, purchases,
                                last_day, interval_days, next_day)
                            VALUES (:t, :p, :kind, :item, :store, :n, :last, :own, :next) ON CONFLICT DO NOTHING
                            """)
                    .param("store", storeId).param("n", days.size()).param("last", Date.valueOf(last))
                    .param("own", own).param("next", next == null ? null : Date.valueOf(next))
                    .param("t", tenantId).param("p", personId).param("kind", kind).param("item", item).update();
        }
        if (own != null && intervals.size() == 1) {
            // a new repeat buyer: people who bought the item once may now have a typical interval to go by
            onceBuyers(tenantId, kind, item);
        }
    }

    /** The merged-away person's purchase days are the survivor's; their expected days are worked out again. */
    void merge(UUID tenantId, UUID from, UUID root) {
        List<Object[]> items = jdbc.sql("""
                        SELECT DISTINCT kind, item FROM journey_purchase_day WHERE tenant_id = :t AND person_id = :from
                        """)
                .param("t", tenantId).param("from", from)
                .query((rs, row) -> new Object[]{rs.getString("kind"), rs.getString("item")}).list();
        if (items.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO journey_purchase_day (tenant_id, person_id, kind, item, bought_on, store_id)
                        SELECT tenant_id, :root, kind, item, bought_on, store_id FROM journey_purchase_day d
                        WHERE d.tenant_id = :t AND d.person_id = :from AND NOT EXISTS (
                            SELECT 1 FROM journey_purchase_day r WHERE r.tenant_id = :t AND r.person_id = :root
                              AND r.kind = d.kind AND r.item = d.item AND r.bought_on = d.bought_on)
                        """)
                .param("root", root).param("t", tenantId).param("from", from).update();
        jdbc.sql("DELETE FROM journey_purchase_day WHERE tenant_id = :t AND person_id = :from")
                .param("t", tenantId).param("from", from).update();
        jdbc.sql("DELETE FROM journey_replenishment WHERE tenant_id = :t AND person_id = :from")
                .param("t", tenantId).param("from", from).update();
        for (Object[] item : items) {
            refresh(tenantId, root, (String) item[0], (String) item[1], null);
        }
    }

    /** Sets the expected day of those who bought the item once from its typical interval now. */
    private void onceBuyers(UUID tenantId, String kind, String item) {
        Integer typical = typical(tenantId, kind, item);
        if (typical == null) {
            return;
        }
        jdbc.sql("""
                        SELECT person_id, last_day FROM journey_replenishment
                        WHERE tenant_id = :t AND kind = :kind AND item = :item AND interval_days IS NULL
                        """)
                .param("t", tenantId).param("kind", kind).param("item", item)
                .query((rs, row) -> new Object[]{rs.getObject("person_id", UUID.class),
                        rs.getDate("last_day").toLocalDate()}).list()
                .forEach(row -> jdbc.sql("""
                                UPDATE journey_replenishment SET next_day = :next
                                WHERE tenant_id = :t AND person_id = :p AND kind = :kind AND item = :item
                                """)
                        .param("next", Date.valueOf(((LocalDate) row[1]).plusDays(typical)))
                        .param("t", tenantId).param("p", row[0]).param("kind", kind).param("item", item).update());
    }

    /** The median of the item's repeat buyers' own intervals; null while nobody has bought it twice. */
    Integer typical(UUID tenantId, String kind, String item) {
        return median(jdbc.sql("""
                        SELECT interval_days FROM journey_replenishment
                        WHERE tenant_id = :t AND kind = :kind AND item = :item AND interval_days IS NOT NULL
                        FETCH FIRST :n ROWS ONLY
                        """)
                .param("t", tenantId).param("kind", kind).param("item", item).param("n", TYPICAL_SAMPLE)
                .query(Integer.class).list());
    }

    /** A person expected to buy the item on a day, with what the journey's templates may tell them. */
    record Expected(UUID personId, UUID storeId, LocalDate lastPurchase, Integer intervalDays) {
    }

    /** People expected to buy the item on {@code day}, after {@code after} in id order, a page at a time. */
    List<Expected> expectedOn(UUID tenantId, String kind, String item, LocalDate day, UUID after, int page) {
        return jdbc.sql("""
                        SELECT person_id, store_id, last_day, interval_days FROM journey_replenishment
                        WHERE tenant_id = :t AND kind = :kind AND item = :item AND next_day = :day
                          AND (CAST(:after AS UUID) IS NULL OR person_id > :after)
                        ORDER BY person_id FETCH FIRST :n ROWS ONLY
                        """)
                .param("t", tenantId).param("kind", kind).param("item", item).param("day", Date.valueOf(day))
                .param("after", after).param("n", page)
                .query((rs, row) -> new Expected(rs.getObject("person_id", UUID.class),
                        rs.getObject("store_id", UUID.class), rs.getDate("last_day").toLocalDate(),
                        (Integer) rs.getObject("interval_days"))).list();
    }

    @Override
    @Transactional(readOnly = true)
    public List<Due> due(Actor actor, LocalDate from, int days, int limit) {
        if (!actor.has(Scope.STORES_READ) && !actor.has(Scope.JOURNEYS_READ)) {
            throw ProblemException.forbidden("Replenishments need stores:read or journeys:read.");
        }
        List<UUID> storeIds = actor.allStores() ? List.of() : List.copyOf(actor.storeIds());
        if (!actor.allStores() && storeIds.isEmpty()) {
            return List.of();
        }
        Map<UUID, Optional<StoreRef>> known = new LinkedHashMap<>();
        return jdbc.sql("""
                        SELECT person_id, kind, item, store_id, purchases, last_day, interval_days, next_day
                        FROM journey_replenishment
                        WHERE tenant_id = :t AND next_day >= :from AND next_day < :to
                          AND (:allStores = TRUE OR store_id IN (:storeIds))
                        ORDER BY next_day, store_id, kind, item, person_id FETCH FIRST :n ROWS ONLY
                        """)
                .param("t", actor.tenantId()).param("from", Date.valueOf(from))
                .param("to", Date.valueOf(from.plusDays(Math.max(1, Math.min(days, 366)))))
                .param("allStores", actor.allStores())
                .param("storeIds", storeIds.isEmpty() ? List.of(new UUID(0, 0)) : storeIds)
                .param("n", Math.max(1, Math.min(limit, 1000)))
                .query((rs, row) -> {
                    UUID storeId = rs.getObject("store_id", UUID.class);
                    Optional<StoreRef> store = storeId == null ? Optional.empty()
                            : known.computeIfAbsent(storeId, id -> stores.findById(actor.tenantId(), id));
                    return new Due(rs.getObject("person_id", UUID.class), rs.getString("kind"),
                            rs.getString("item"), storeId, store.map(StoreRef::code).orElse(null),
                            rs.getInt("purchases"), rs.getDate("last_day").toLocalDate(),
                            (Integer) rs.getObject("interval_days"), rs.getDate("next_day").toLocalDate());
                }).list();
    }

    /** The middle value; of an even count the mean of the two middle ones, rounded to whole days. */
    static Integer median(List<Integer> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Integer> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (int) Math.round((sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0);
    }
}

package io.footbridge.analytics.figures;

import io.footbridge.analytics.Conversions;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Online-to-offline conversion from the touch log and the person each touch belongs to now (kept on the log by
 * {@link PeopleRollup}, so nothing asks identity here): a touch
 * converts when the same person bought in the other world at most {@code days} after it. A touch's day is its
 * store's local day, or the UTC day for one without a store (a web visit).
 */
@Component
class ConversionFigures implements Conversions {

    /** The sources of the reverse direction: visiting the web site and buying online. */
    private static final List<String> AFTER_STORE = List.of("web.page_view", TouchLog.ONLINE_PURCHASE);

    private final JdbcClient jdbc;
    private final Stores stores;

    ConversionFigures(JdbcClient jdbc, Stores stores) {
        this.jdbc = jdbc;
        this.stores = stores;
    }

    private record Touch(UUID person, String type, Instant at, UUID storeId) {
    }

    @Override
    public Figures of(UUID tenantId, Set<UUID> storeIds, String store, LocalDate first, LocalDate last, int days) {
        // wide enough for every clock on earth; each touch is then placed on its own day
        Instant from = first.atStartOfDay(ZoneOffset.ofHours(14)).toInstant();
        Instant to = last.plusDays(1L + days).atStartOfDay(ZoneOffset.ofHours(-12)).toInstant();
        List<Touch> touches = jdbc.sql("""
                        SELECT t.person_id, t.type, t.occurred_at, t.store_id FROM analytics_touch t
                        LEFT JOIN analytics_sale s ON s.tenant_id = t.tenant_id AND s.transaction_id = t.transaction_id
                        WHERE t.tenant_id = :tenantId AND t.occurred_at >= :from AND t.occurred_at < :to
                          AND t.person_id IS NOT NULL AND (s.voided IS NULL OR NOT s.voided)
                        """)
                .param("tenantId", tenantId).param("from", Timestamps.of(from)).param("to", Timestamps.of(to))
                .query((rs, row) -> new Touch(rs.getObject("person_id", UUID.class), rs.getString("type"),
                        Timestamps.instant(rs, "occurred_at"), rs.getObject("store_id", UUID.class)))
                .list();
        Map<UUID, ZoneId> zones = new HashMap<>();
        Map<UUID, List<Touch>> online = new HashMap<>();
        Map<UUID, List<Instant>> storePurchases = new HashMap<>();
        Map<UUID, List<Touch>> storeBuys = new HashMap<>();
        Map<UUID, Map<String, List<Instant>>> onlineAfter = new HashMap<>();
        for (Touch touch : touches) {
            UUID person = touch.person(); // touches of no one known (yet), or erased, were left out
            boolean inPeriod = inPeriod(tenantId, touch, first, last, zones);
            if (touch.type().equals(TouchLog.STORE_PURCHASE)) {
                if (storeIds == null || storeIds.contains(touch.storeId())) {
                    storePurchases.computeIfAbsent(person, k -> new ArrayList<>()).add(touch.at());
                    if (inPeriod) {
                        storeBuys.computeIfAbsent(person, k -> new ArrayList<>()).add(touch);
                    }
                }
                continue;
            }
            if (TouchLog.ONLINE.contains(touch.type()) && inPeriod) {
                online.computeIfAbsent(person, k -> new ArrayList<>()).add(touch);
            }
            if (AFTER_STORE.contains(touch.type())) {
                onlineAfter.computeIfAbsent(person, k -> new HashMap<>())
                        .computeIfAbsent(touch.type(), k -> new ArrayList<>()).add(touch.at());
            }
        }
        Duration window = Duration.ofDays(days);
        Direction toStore = direction(TouchLog.ONLINE, online, (person, touch) ->
                anyWithin(storePurchases.get(person), touch.at(), window));
        Direction toOnline = direction(AFTER_STORE, storeBuys, new Converts() {
            @Override
            public boolean test(UUID person, Touch purchase) {
                return AFTER_STORE.stream().anyMatch(source -> test(person, purchase, source));
            }

            @Override
            public boolean test(UUID person, Touch purchase, String source) {
                return anyWithin(onlineAfter.getOrDefault(person, Map.of()).get(source), purchase.at(), window);
            }
        });
        return new Figures(first, last, days, store, toStore, toOnline);
    }

    /** Whether a person's touch converted: overall, and for one source of the direction. */
    private interface Converts {
        boolean test(UUID person, Touch touch);

        /** By default: the touch is of that source and converted. */
        default boolean test(UUID person, Touch touch, String source) {
            return touch.type().equals(source) && test(person, touch);
        }
    }

    private static Direction direction(List<String> sources, Map<UUID, List<Touch>> touches, Converts converts) {
        long people = touches.size();
        long converted = touches.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(t -> converts.test(e.getKey(), t))).count();
        Map<String, long[]> bySource = new LinkedHashMap<>();
        sources.forEach(s -> bySource.put(s, new long[2]));
        // forward: a person counts for each source they touched; reverse: every buyer counts for every source
        boolean reverse = sources == AFTER_STORE;
        touches.forEach((person, list) -> {
            Set<String> had = new HashSet<>();
            list.forEach(t -> had.add(t.type()));
            for (String source : sources) {
                if (!reverse && !had.contains(source)) {
                    continue;
                }
                long[] counts = bySource.get(source);
                counts[0]++;
                if (list.stream().anyMatch(t -> converts.test(person, t, source))) {
                    counts[1]++;
                }
            }
        });
        List<Source> parts = new ArrayList<>();
        bySource.forEach((source, c) -> parts.add(new Source(source, c[0], c[1], ratio(c[1], c[0]))));
        return new Direction(people, converted, ratio(converted, people), parts);
    }

    /** Whether any of {@code times} is at or after {@code start} and at most {@code window} later. */
    private static boolean anyWithin(List<Instant> times, Instant start, Duration window) {
        if (times == null) {
            return false;
        }
        Instant end = start.plus(window);
        return times.stream().anyMatch(t -> !t.isBefore(start) && !t.isAfter(end));
    }

    private boolean inPeriod(UUID tenantId, Touch touch, LocalDate first, LocalDate last, Map<UUID, ZoneId> zones) {
        ZoneId zone = touch.storeId() == null ? ZoneOffset.UTC : zones.computeIfAbsent(touch.storeId(),
                id -> stores.findById(tenantId, id).map(StoreRef::timeZone).orElse(ZoneOffset.UTC));
        LocalDate day = touch.at().atZone(zone).toLocalDate();
        return !day.isBefore(first) && !day.isAfter(last);
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}

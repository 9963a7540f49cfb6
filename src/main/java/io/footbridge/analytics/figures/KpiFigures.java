package io.footbridge.analytics.figures;

import io.footbridge.analytics.Kpis;
import io.footbridge.feedback.FeedbackFigures;
import io.footbridge.feedback.Nps;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.platform.Tally;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The key figures: sales, capture rate and revenue from the daily rollup; customers and cohorts from the per-person
 * rollup, which follows whom identity says each sale belongs to now (so merges, splits and erasures count as they
 * stand today); NPS from feedback's answers, read on each store's clock.
 */
@Component
class KpiFigures implements Kpis {

    private final JdbcClient jdbc;
    private final FeedbackFigures feedback;
    private final Stores stores;
    private final BuyerSpans spans;

    KpiFigures(JdbcClient jdbc, FeedbackFigures feedback, Stores stores, BuyerSpans spans) {
        this.jdbc = jdbc;
        this.feedback = feedback;
        this.stores = stores;
        this.spans = spans;
    }

    @Override
    public Figures of(UUID tenantId, Set<UUID> storeIds, String store, LocalDate first, LocalDate last) {
        long days = last.toEpochDay() - first.toEpochDay() + 1;
        LocalDate previousFirst = first.minusDays(days);
        LocalDate previousLast = first.minusDays(1);
        Figures before = figures(tenantId, storeIds, store, previousFirst, previousLast, null);
        return figures(tenantId, storeIds, store, first, last, before);
    }

    private Figures figures(UUID tenantId, Set<UUID> storeIds, String store, LocalDate first, LocalDate last,
                            Figures before) {
        long sales = 0;
        long known = 0;
        Map<String, long[]> byCurrency = new TreeMap<>();
        for (Row row : rollup(tenantId, storeIds, first, last)) {
            sales += row.sales();
            known += row.knownSales();
            long[] sums = byCurrency.computeIfAbsent(row.currency(), c -> new long[3]);
            sums[0] += row.sales();
            sums[1] += row.revenue();
            sums[2] += row.knownRevenue();
        }
        List<Money> revenue = new ArrayList<>();
        List<Money> identifiedRevenue = new ArrayList<>();
        List<Money> orderValue = new ArrayList<>();
        byCurrency.forEach((currency, sums) -> {
            revenue.add(new Money(currency, sums[1]));
            identifiedRevenue.add(new Money(currency, sums[2]));
            if (sums[0] > 0) {
                orderValue.add(new Money(currency, Math.round((double) sums[1] / sums[0])));
            }
        });

        Buyers now = buyers(tenantId, storeIds, first, last);
        Double retention = null;
        if (before != null) {
            long previousBuyers = before.customers();
            retention = previousBuyers == 0 ? null : (double) (now.count() - now.newOnes()) / previousBuyers;
        }
        List<Money> perCustomer = new ArrayList<>();
        if (now.count() > 0) {
            now.revenue().forEach((currency, amount) ->
                    perCustomer.add(new Money(currency, Math.round((double) amount / now.count()))));
        }
        return new Figures(first, last, store, sales, known, ratio(known, sales), identifiedRevenue, revenue,
                now.count(), now.newOnes(), now.count() - now.newOnes(), ratio(now.repeat(), now.count()), retention,
                ratio(now.purchases(), now.count()), orderValue, perCustomer, nps(tenantId, storeIds, first, last),
                before);
    }

    private record Row(String currency, long sales, long knownSales, long revenue, long knownRevenue) {
    }

    private List<Row> rollup(UUID tenantId, Set<UUID> storeIds, LocalDate first, LocalDate last) {
        return jdbc.sql(inline("""
                        SELECT currency, SUM(sales) AS sales, SUM(known_sales) AS known_sales, SUM(revenue) AS revenue,
                               SUM(known_revenue) AS known_revenue
                        FROM analytics_sales_store_day
                        WHERE tenant_id = :tenantId AND local_day >= :first AND local_day <= :last
                          AND (:allStores OR store_id IN (:storeIds))
                        GROUP BY currency
                        """, tenantId, storeIds, first, last))
                .query((rs, row) -> new Row(rs.getString("currency"), rs.getLong("sales"), rs.getLong("known_sales"),
                        rs.getLong("revenue"), rs.getLong("known_revenue")))
                .list();
    }

    /**
     * The query with its tenant, days and stores written in as literals (typed values only: UUIDs and dates, nothing
     * a caller typed). On PostgreSQL a statement run often with parameters gets a generic plan, which estimates a
     * period's rows blind and walks the day index row by row through a year: ten times slower than the plan for the
     * actual period. Literals keep each plan made for its period and stores.
     */
    static String inline(String sql, UUID tenantId, Set<UUID> storeIds, LocalDate first, LocalDate last) {
        String stores = storeIds == null ? "TRUE" : "store_id IN (" + (storeIds.isEmpty() ? List.of(new UUID(0, 0))
                : storeIds).stream().map(id -> "'" + id + "'").collect(java.util.stream.Collectors.joining(", "))
                + ")";
        String inlined = sql.replace("(:allStores OR d.store_id IN (:storeIds))", "(" + stores.replace("store_id",
                        "d.store_id") + ")")
                .replace("(:allStores OR store_id IN (:storeIds))", "(" + stores + ")")
                .replace(":tenantId", "'" + tenantId + "'")
                .replace(":last", "DATE '" + last + "'");
        return first == null ? inlined : inlined.replace(":first", "DATE '" + first + "'");
    }

    /** What the buyers of a period did there. */
    record Buyers(long count, long newOnes, long repeat, long purchases, Map<String, Long> revenue) {
    }

    /** Each buyer of the period counted once, on the day of their first purchase in it: new or returning. */
    private record FirstDay(LocalDate day, long customers, long newOnes, long repeat, long purchases) {
    }

    private List<FirstDay> firstDays(UUID tenantId, Set<UUID> storeIds, LocalDate first, LocalDate last) {
        return jdbc.sql(inline("""
                        SELECT d.first_in, COUNT(*) AS customers,
                               SUM(CASE WHEN p.first_day >= :first THEN 1 ELSE 0 END) AS new_ones,
                               SUM(CASE WHEN d.n >= 2 THEN 1 ELSE 0 END) AS repeaters, SUM(d.n) AS purchases
                        FROM (SELECT person_id, MIN(local_day) AS first_in, SUM(purchases) AS n
                              FROM analytics_person_day
                              WHERE tenant_id = :tenantId AND local_day >= :first AND local_day <= :last
                                AND (:allStores OR store_id IN (:storeIds))
                              GROUP BY person_id) d
                        JOIN analytics_person p ON p.tenant_id = :tenantId AND p.person_id = d.person_id
                        GROUP BY d.first_in
                        """, tenantId, storeIds, first, last))
                .query((rs, row) -> new FirstDay(rs.getObject("first_in", LocalDate.class), rs.getLong("customers"),
                        rs.getLong("new_ones"), rs.getLong("repeaters"), rs.getLong("purchases")))
                .list();
    }

    /**
     * People as identity sees them now, merges, splits and erasures included: from the buyer summaries for every
     * store or one, by grouping the period's person-days for several.
     */
    Buyers buyers(UUID tenantId, Set<UUID> storeIds, LocalDate first, LocalDate last) {
        Optional<UUID> scope = BuyerSpans.scope(storeIds);
        if (scope.isPresent()) {
            long count = 0;
            long newOnes = 0;
            long repeat = 0;
            for (BuyerSpans.Day d : spans.days(tenantId, scope.get(), first, last)) {
                count += d.buyers();
                newOnes += d.newOnes();
                repeat += d.repeaters();
            }
            long purchases = 0;
            Map<String, Long> revenue = new TreeMap<>();
            for (Map.Entry<String, long[]> e : spans.spend(tenantId, storeIds, first, last).entrySet()) {
                purchases += e.getValue()[0];
                revenue.put(e.getKey(), e.getValue()[1]);
            }
            return new Buyers(count, newOnes, repeat, purchases, revenue);
        }
        return scanned(tenantId, storeIds, first, last);
    }

    /** The same figures from the period's person-days, grouped per person: for any set of stores. */
    Buyers scanned(UUID tenantId, Set<UUID> storeIds, LocalDate first, LocalDate last) {
        long count = 0;
        long newOnes = 0;
        long repeat = 0;
        long purchases = 0;
        for (FirstDay d : firstDays(tenantId, storeIds, first, last)) {
            count += d.customers();
            newOnes += d.newOnes();
            repeat += d.repeat();
            purchases += d.purchases();
        }
        Map<String, Long> revenue = new TreeMap<>();
        jdbc.sql(inline("""
                        SELECT currency, SUM(net) AS net FROM analytics_person_day
                        WHERE tenant_id = :tenantId AND local_day >= :first AND local_day <= :last
                          AND (:allStores OR store_id IN (:storeIds))
                        GROUP BY currency
                        """, tenantId, storeIds, first, last))
                .query((rs, row) -> revenue.put(rs.getString("currency"), rs.getLong("net")))
                .list();
        return new Buyers(count, newOnes, repeat, purchases, revenue);
    }

    @Override
    public List<Day> days(UUID tenantId, Set<UUID> storeIds, LocalDate first, LocalDate last) {
        Map<LocalDate, long[]> counts = new TreeMap<>();
        Map<LocalDate, Map<String, long[]>> money = new TreeMap<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            counts.put(d, new long[4]);
            money.put(d, new TreeMap<>());
        }
        jdbc.sql(inline("""
                        SELECT local_day, currency, SUM(sales) AS sales, SUM(known_sales) AS known_sales,
                               SUM(revenue) AS revenue, SUM(known_revenue) AS known_revenue
                        FROM analytics_sales_store_day
                        WHERE tenant_id = :tenantId AND local_day >= :first AND local_day <= :last
                          AND (:allStores OR store_id IN (:storeIds))
                        GROUP BY local_day, currency
                        """, tenantId, storeIds, first, last))
                .query((rs, row) -> {
                    LocalDate day = rs.getObject("local_day", LocalDate.class);
                    long[] c = counts.get(day);
                    c[0] += rs.getLong("sales");
                    c[1] += rs.getLong("known_sales");
                    money.get(day).put(rs.getString("currency"),
                            new long[]{rs.getLong("revenue"), rs.getLong("known_revenue")});
                    return day;
                })
                .list();
        Optional<UUID> scope = BuyerSpans.scope(storeIds);
        if (scope.isPresent()) {
            for (BuyerSpans.Day d : spans.days(tenantId, scope.get(), first, last)) {
                counts.get(d.day())[2] = d.newOnes();
                counts.get(d.day())[3] = d.buyers() - d.newOnes();
            }
        } else {
            for (FirstDay d : firstDays(tenantId, storeIds, first, last)) {
                counts.get(d.day())[2] = d.newOnes();
                counts.get(d.day())[3] = d.customers() - d.newOnes();
            }
        }
        List<Day> days = new ArrayList<>();
        counts.forEach((day, c) -> {
            List<Money> revenue = new ArrayList<>();
            List<Money> known = new ArrayList<>();
            money.get(day).forEach((currency, m) -> {
                revenue.add(new Money(currency, m[0]));
                known.add(new Money(currency, m[1]));
            });
            days.add(new Day(day, c[0], c[1], revenue, known, c[2], c[3]));
        });
        return days;
    }

    private NpsFigure nps(UUID tenantId, Set<UUID> storeIds, LocalDate first, LocalDate last) {
        // wide enough for every clock on earth; each answer is then placed on its store's own day
        Instant from = first.atStartOfDay(ZoneOffset.ofHours(14)).toInstant();
        Instant to = last.plusDays(1).atStartOfDay(ZoneOffset.ofHours(-12)).toInstant();
        Map<UUID, ZoneId> zones = new HashMap<>();
        long[] counts = new long[3];
        for (Tally t : feedback.answers(tenantId, storeIds, from, to)) {
            ZoneId zone = t.storeId() == null ? ZoneOffset.UTC
                    : zones.computeIfAbsent(t.storeId(), id -> stores.findById(tenantId, id)
                    .map(StoreRef::timeZone).orElse(ZoneOffset.UTC));
            LocalDate day = t.quarter().atZone(zone).toLocalDate();
            if (day.isBefore(first) || day.isAfter(last)) {
                continue;
            }
            switch (t.key()) {
                case "promoter" -> counts[0] += t.count();
                case "passive" -> counts[1] += t.count();
                case "detractor" -> counts[2] += t.count();
                default -> {
                }
            }
        }
        Nps nps = Nps.of(counts[0], counts[1], counts[2]);
        return new NpsFigure(nps.score(), nps.responses(),
                nps.score() == null ? null : new Double[]{nps.low(), nps.high()});
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    @Override
    public List<Part> capture(UUID tenantId, Set<UUID> storeIds, LocalDate first, LocalDate last, Cut by) {
        String column = switch (by) {
            case STORE -> "CAST(store_id AS VARCHAR(36))";
            case REGISTER -> "register_id";
            case STAFF -> "staff_id";
            case TOUCHPOINT -> "touchpoint";
            case DAY -> "CAST(local_day AS VARCHAR(10))";
        };
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, Map<String, long[]>> money = new HashMap<>();
        jdbc.sql(inline("SELECT " + column + " AS part, currency, SUM(sales) AS sales, SUM(known_sales) AS known_sales,"
                        + " SUM(revenue) AS revenue, SUM(known_revenue) AS known_revenue" + """
                         FROM analytics_sales_day
                        WHERE tenant_id = :tenantId AND local_day >= :first AND local_day <= :last
                          AND (:allStores OR store_id IN (:storeIds))
                        """ + " GROUP BY " + column + ", currency", tenantId, storeIds, first, last))
                .query((rs, row) -> {
                    String part = rs.getString("part");
                    long[] c = counts.computeIfAbsent(part, k -> new long[2]);
                    c[0] += rs.getLong("sales");
                    c[1] += rs.getLong("known_sales");
                    money.computeIfAbsent(part, k -> new TreeMap<>()).put(rs.getString("currency"),
                            new long[]{rs.getLong("revenue"), rs.getLong("known_revenue")});
                    return part;
                })
                .list();
        List<Part> parts = new ArrayList<>();
        counts.forEach((part, c) -> {
            List<Money> revenue = new ArrayList<>();
            List<Money> known = new ArrayList<>();
            money.get(part).forEach((currency, m) -> {
                revenue.add(new Money(currency, m[0]));
                known.add(new Money(currency, m[1]));
            });
            String key = by == Cut.STORE ? stores.findById(tenantId, UUID.fromString(part)).map(StoreRef::code)
                    .orElse(part) : part;
            parts.add(new Part(key, c[0], c[1], ratio(c[1], c[0]), revenue, known));
        });
        parts.sort(java.util.Comparator.comparing(Part::key));
        return parts;
    }

    @Override
    public List<Cohort> cohorts(UUID tenantId, Set<UUID> storeIds, LocalDate first, LocalDate last, Grain grain,
                                FirstChannel channel) {
        String column = grain == Grain.MONTH ? "month_no" : "week_no";
        String people = channel == FirstChannel.ANY ? "" : " AND person_id IN (SELECT person_id FROM analytics_person"
                + " WHERE tenant_id = :tenantId AND " + (channel == FirstChannel.ONLINE ? "" : "NOT ")
                + "first_online)";
        Map<Long, Map<Long, Long>> active = new TreeMap<>();
        if (storeIds == null) {
            // every store: a person's cohort is the period of their first purchase anywhere, which analytics_person
            // keeps, so only the people who first bought in the period and their days are read, not every
            // person-day of the tenant's history grouped per person. Counted per first day, summed per cohort in
            // code (each person has one first day, so the counts add up)
            String firstChannel = channel == FirstChannel.ANY ? ""
                    : " AND " + (channel == FirstChannel.ONLINE ? "" : "NOT ") + "p.first_online";
            jdbc.sql(inline("SELECT p.first_day, d." + column + " AS period, COUNT(DISTINCT d.person_id) AS people"
                            + " FROM analytics_person p JOIN analytics_person_day d ON d.tenant_id = :tenantId"
                            + " AND d.person_id = p.person_id WHERE p.tenant_id = :tenantId"
                            + " AND p.first_day >= :first AND p.first_day <= :last" + firstChannel
                            + " AND d.local_day >= :first AND d.local_day <= :last GROUP BY p.first_day, d." + column,
                            tenantId, null, first, last))
                    .query((rs, row) -> active.computeIfAbsent(index(rs.getObject("first_day", LocalDate.class),
                            grain), k -> new TreeMap<>()).merge(rs.getLong("period"), rs.getLong("people"), Long::sum))
                    .list();
            return cohorts(active, last, grain);
        }
        // a person's cohort is the period of their first purchase (in the chosen stores): the least period number
        jdbc.sql(inline("SELECT f.cohort, d." + column + " AS period, COUNT(DISTINCT d.person_id) AS people" + """
                         FROM (SELECT person_id, MIN(%1$s) AS cohort FROM analytics_person_day
                              WHERE tenant_id = :tenantId AND local_day <= :last
                                AND (:allStores OR store_id IN (:storeIds))%2$s
                              GROUP BY person_id HAVING MIN(local_day) >= :first) f
                        JOIN analytics_person_day d ON d.tenant_id = :tenantId AND d.person_id = f.person_id
                        WHERE d.local_day <= :last AND (:allStores OR d.store_id IN (:storeIds))
                        """.formatted(column, people) + " GROUP BY f.cohort, d." + column, tenantId, storeIds, first, last))
                .query((rs, row) -> active.computeIfAbsent(rs.getLong("cohort"), k -> new TreeMap<>())
                        .put(rs.getLong("period"), rs.getLong("people")))
                .list();
        return cohorts(active, last, grain);
    }

    private static List<Cohort> cohorts(Map<Long, Map<Long, Long>> active, LocalDate last, Grain grain) {
        long lastIndex = index(last, grain);
        List<Cohort> cohorts = new ArrayList<>();
        active.forEach((cohort, periods) -> {
            long members = periods.getOrDefault(cohort, 0L);
            List<Double> retention = new ArrayList<>();
            for (long k = cohort; k <= lastIndex; k++) {
                retention.add((double) periods.getOrDefault(k, 0L) / members);
            }
            cohorts.add(new Cohort(label(cohort, grain), members, retention));
        });
        return cohorts;
    }

    /** As the rollup numbers periods: months since 1970-01, or ISO weeks since the week of 1970-01-01. */
    private static long index(LocalDate day, Grain grain) {
        return grain == Grain.MONTH ? PersonRows.monthNo(day) : PersonRows.weekNo(day);
    }

    private static String label(long index, Grain grain) {
        if (grain == Grain.MONTH) {
            return String.format("%d-%02d", 1970 + Math.floorDiv(index, 12), Math.floorMod(index, 12) + 1);
        }
        LocalDate monday = LocalDate.ofEpochDay(index * 7 - 3);
        return String.format("%d-W%02d", monday.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR),
                monday.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }
}

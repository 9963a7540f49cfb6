package io.footbridge.analytics.figures;

import io.footbridge.analytics.Kpis;
import io.footbridge.feedback.FeedbackFigures;
import io.footbridge.feedback.Nps;
import io.footbridge.identity.BuyerFigures;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The key figures: sales, capture rate and revenue from the daily rollup; customers from analytics' sales and the
 * person identity says each belongs to now (so merges, splits and erasures count as they stand today); NPS from
 * feedback's answers, read on each store's clock.
 */
@Component
class KpiFigures implements Kpis {

    private final JdbcClient jdbc;
    private final BuyerFigures buyers;
    private final FeedbackFigures feedback;
    private final Stores stores;

    KpiFigures(JdbcClient jdbc, BuyerFigures buyers, FeedbackFigures feedback, Stores stores) {
        this.jdbc = jdbc;
        this.buyers = buyers;
        this.feedback = feedback;
        this.stores = stores;
    }

    @Override
    public Figures of(UUID tenantId, Set<UUID> storeIds, String store, LocalDate first, LocalDate last) {
        long days = last.toEpochDay() - first.toEpochDay() + 1;
        LocalDate previousFirst = first.minusDays(days);
        LocalDate previousLast = first.minusDays(1);
        People people = people(tenantId, last);
        Figures before = figures(tenantId, storeIds, store, previousFirst, previousLast, people, null);
        return figures(tenantId, storeIds, store, first, last, people, before);
    }

    private Figures figures(UUID tenantId, Set<UUID> storeIds, String store, LocalDate first, LocalDate last,
                            People people, Figures before) {
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

        Buyers now = people.in(storeIds, first, last);
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
        return jdbc.sql("""
                        SELECT currency, SUM(sales) AS sales, SUM(known_sales) AS known_sales, SUM(revenue) AS revenue,
                               SUM(known_revenue) AS known_revenue
                        FROM analytics_sales_day
                        WHERE tenant_id = :tenantId AND local_day >= :first AND local_day <= :last
                          AND (:allStores OR store_id IN (:storeIds))
                        GROUP BY currency
                        """)
                .params(stores(storeIds)).param("tenantId", tenantId).param("first", first).param("last", last)
                .query((rs, row) -> new Row(rs.getString("currency"), rs.getLong("sales"), rs.getLong("known_sales"),
                        rs.getLong("revenue"), rs.getLong("known_revenue")))
                .list();
    }

    private static Map<String, Object> stores(Set<UUID> storeIds) {
        return Map.of("allStores", storeIds == null,
                "storeIds", storeIds == null || storeIds.isEmpty() ? List.of(new UUID(0, 0)) : storeIds);
    }

    /** A sale of a known person, as it stands: not voided, whoever they are now. */
    record Purchase(UUID person, UUID storeId, LocalDate day, String currency, long net) {
    }

    /** What the buyers of a period did there. */
    private record Buyers(long count, long newOnes, long repeat, long purchases, Map<String, Long> revenue) {
    }

    /** Every identified, not voided sale up to the last day, with each person's first purchase ever. */
    record People(List<Purchase> purchases, Map<UUID, LocalDate> firstPurchase) {

        Buyers in(Set<UUID> storeIds, LocalDate first, LocalDate last) {
            Map<UUID, Integer> count = new HashMap<>();
            Map<String, Long> revenue = new TreeMap<>();
            for (Purchase p : purchases) {
                if (!p.day().isBefore(first) && !p.day().isAfter(last)
                        && (storeIds == null || storeIds.contains(p.storeId()))) {
                    count.merge(p.person(), 1, Integer::sum);
                    revenue.merge(p.currency(), p.net(), Long::sum);
                }
            }
            long newOnes = count.keySet().stream().filter(person -> !firstPurchase.get(person).isBefore(first)).count();
            long repeat = count.values().stream().filter(n -> n >= 2).count();
            long all = count.values().stream().mapToLong(Integer::longValue).sum();
            return new Buyers(count.size(), newOnes, repeat, all, revenue);
        }
    }

    People people(UUID tenantId, LocalDate last) {
        record Sale(long seq, UUID storeId, LocalDate day, String currency, long net) {
        }
        List<Sale> sales = jdbc.sql("""
                        SELECT seq, store_id, local_day, currency, total - refunded AS net FROM analytics_sale
                        WHERE tenant_id = :tenantId AND known AND NOT voided AND local_day <= :last
                        """)
                .param("tenantId", tenantId).param("last", last)
                .query((rs, row) -> new Sale(rs.getLong("seq"), rs.getObject("store_id", UUID.class),
                        rs.getObject("local_day", LocalDate.class), rs.getString("currency"), rs.getLong("net")))
                .list();
        Map<Long, UUID> owners = buyers.people(tenantId, sales.stream().map(Sale::seq).toList());
        List<Purchase> purchases = new ArrayList<>();
        Map<UUID, LocalDate> firstPurchase = new HashMap<>();
        for (Sale sale : sales) {
            UUID person = owners.get(sale.seq());
            if (person == null) {
                continue; // not resolved yet, or erased: the sale stays, anonymous
            }
            purchases.add(new Purchase(person, sale.storeId(), sale.day(), sale.currency(), sale.net()));
            firstPurchase.merge(person, sale.day(), (a, b) -> a.isBefore(b) ? a : b);
        }
        return new People(purchases, firstPurchase);
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
        jdbc.sql("SELECT " + column + " AS part, currency, SUM(sales) AS sales, SUM(known_sales) AS known_sales,"
                        + " SUM(revenue) AS revenue, SUM(known_revenue) AS known_revenue" + """
                         FROM analytics_sales_day
                        WHERE tenant_id = :tenantId AND local_day >= :first AND local_day <= :last
                          AND (:allStores OR store_id IN (:storeIds))
                        """ + " GROUP BY " + column + ", currency")
                .params(stores(storeIds)).param("tenantId", tenantId).param("first", first).param("last", last)
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
    public List<Cohort> cohorts(UUID tenantId, Set<UUID> storeIds, LocalDate first, LocalDate last, Grain grain) {
        People people = people(tenantId, last);
        Map<UUID, LocalDate> firstInScope = new HashMap<>();
        Map<UUID, Set<Long>> active = new HashMap<>();
        for (Purchase p : people.purchases()) {
            if (storeIds == null || storeIds.contains(p.storeId())) {
                firstInScope.merge(p.person(), p.day(), (a, b) -> a.isBefore(b) ? a : b);
                active.computeIfAbsent(p.person(), k -> new java.util.HashSet<>()).add(index(p.day(), grain));
            }
        }
        long lastIndex = index(last, grain);
        Map<Long, List<UUID>> byCohort = new TreeMap<>();
        firstInScope.forEach((person, day) -> {
            if (!day.isBefore(first) && !day.isAfter(last)) {
                byCohort.computeIfAbsent(index(day, grain), k -> new ArrayList<>()).add(person);
            }
        });
        List<Cohort> cohorts = new ArrayList<>();
        byCohort.forEach((cohort, members) -> {
            List<Double> retention = new ArrayList<>();
            for (long k = cohort; k <= lastIndex; k++) {
                long period = k;
                long back = members.stream().filter(m -> active.get(m).contains(period)).count();
                retention.add((double) back / members.size());
            }
            cohorts.add(new Cohort(label(cohort, grain), members.size(), retention));
        });
        return cohorts;
    }

    /** Months since 1970-01, or ISO weeks since the week of 1970-01-01 (a Thursday: weeks start on Monday). */
    private static long index(LocalDate day, Grain grain) {
        return grain == Grain.MONTH ? day.getYear() * 12L + day.getMonthValue() - 1
                : Math.floorDiv(day.toEpochDay() + 3, 7);
    }

    private static String label(long index, Grain grain) {
        if (grain == Grain.MONTH) {
            return String.format("%d-%02d", index / 12, index % 12 + 1);
        }
        LocalDate monday = LocalDate.ofEpochDay(index * 7 - 3);
        return String.format("%d-W%02d", monday.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR),
                monday.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }
}

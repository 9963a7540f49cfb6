package io.footbridge.analytics.figures;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes the per-person rollup ({@code analytics_person_day}, {@code analytics_person}) of some people from their
 * sales as they stand: what a person bought is rebuilt whole whenever any of it changed, so the rollup always equals
 * a recompute from scratch and costs the person's own sales, not the tenant's.
 */
@Component
class PersonRows {

    private static final int CHUNK = 500;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final BuyerSpans spans;

    PersonRows(JdbcClient jdbc, JdbcTemplate batch, BuyerSpans spans) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.spans = spans;
    }

    private record Sale(UUID person, long seq, UUID storeId, LocalDate day, String currency, boolean online,
                        long net) {
    }

    /** One person's day in one store and currency. */
    private record Key(UUID person, LocalDate day, UUID storeId, String currency) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = person.compareTo(o.person);
            c = c != 0 ? c : day.compareTo(o.day);
            c = c != 0 ? c : storeId.compareTo(o.storeId);
            return c != 0 ? c : currency.compareTo(o.currency);
        }
    }

    void rebuild(UUID tenantId, Collection<UUID> people) {
        List<UUID> all = new ArrayList<>(people);
        for (int start = 0; start < all.size(); start += CHUNK) {
            rebuildChunk(tenantId, all.subList(start, Math.min(all.size(), start + CHUNK)));
        }
    }

    private void rebuildChunk(UUID tenantId, List<UUID> people) {
        List<BuyerSpans.PersonDay> before = jdbc.sql("""
                        SELECT person_id, store_id, local_day, currency, purchases, net FROM analytics_person_day
                        WHERE tenant_id = :tenantId AND person_id IN (:people)
                        """)
                .param("tenantId", tenantId).param("people", people)
                .query((rs, n) -> new BuyerSpans.PersonDay(rs.getObject("person_id", UUID.class),
                        rs.getObject("store_id", UUID.class), rs.getObject("local_day", LocalDate.class),
                        rs.getString("currency"), rs.getLong("purchases"), rs.getLong("net")))
                .list();
        jdbc.sql("DELETE FROM analytics_person_day WHERE tenant_id = :tenantId AND person_id IN (:people)")
                .param("tenantId", tenantId).param("people", people).update();
        jdbc.sql("DELETE FROM analytics_person WHERE tenant_id = :tenantId AND person_id IN (:people)")
                .param("tenantId", tenantId).param("people", people).update();
        List<Sale> sales = jdbc.sql("""
                        SELECT person_id, seq, store_id, local_day, currency, online, total - refunded AS net
                        FROM analytics_sale
                        WHERE tenant_id = :tenantId AND person_id IN (:people) AND NOT voided
                        ORDER BY person_id, local_day, seq
                        """)
                .param("tenantId", tenantId).param("people", people)
                .query((rs, n) -> new Sale(rs.getObject("person_id", UUID.class), rs.getLong("seq"),
                        rs.getObject("store_id", UUID.class), rs.getObject("local_day", LocalDate.class),
                        rs.getString("currency"), rs.getBoolean("online"), rs.getLong("net")))
                .list();
        Map<Key, long[]> days = new TreeMap<>();
        Map<UUID, Sale> first = new TreeMap<>();
        Map<UUID, long[]> summary = new TreeMap<>();
        for (Sale sale : sales) {
            long[] d = days.computeIfAbsent(new Key(sale.person(), sale.day(), sale.storeId(), sale.currency()),
                    k -> new long[3]);
            d[0]++;
            d[1] += sale.online() ? 1 : 0;
            d[2] += sale.net();
            first.putIfAbsent(sale.person(), sale); // ordered by day, then by place in the log
            long[] s = summary.computeIfAbsent(sale.person(), k -> new long[2]);
            s[0]++;
            s[1] = sale.day().toEpochDay();
        }
        List<Object[]> dayRows = new ArrayList<>();
        List<BuyerSpans.PersonDay> after = new ArrayList<>();
        days.forEach((k, d) -> {
            dayRows.add(new Object[]{tenantId, k.person(), k.storeId(), Date.valueOf(k.day()), k.currency(),
                    monthNo(k.day()), weekNo(k.day()), (int) d[0], (int) d[1], d[2]});
            after.add(new BuyerSpans.PersonDay(k.person(), k.storeId(), k.day(), k.currency(), d[0], d[2]));
        });
        spans.replace(tenantId, before, after);
        batch.batchUpdate("""
                INSERT INTO analytics_person_day (tenant_id, person_id, store_id, local_day, currency, month_no,
                    week_no, purchases, online_purchases, net) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, dayRows);
        List<Object[]> personRows = new ArrayList<>();
        first.forEach((person, sale) -> personRows.add(new Object[]{tenantId, person, Date.valueOf(sale.day()),
                Date.valueOf(LocalDate.ofEpochDay(summary.get(person)[1])), (int) summary.get(person)[0],
                sale.storeId(), sale.online()}));
        batch.batchUpdate("""
                INSERT INTO analytics_person (tenant_id, person_id, first_day, last_day, purchases, first_store_id,
                    first_online) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, personRows);
    }

    /** Months since 1970-01. */
    static int monthNo(LocalDate day) {
        return (day.getYear() - 1970) * 12 + day.getMonthValue() - 1;
    }

    /** ISO weeks since the week of 1970-01-01 (a Thursday: weeks start on Monday). */
    static int weekNo(LocalDate day) {
        return (int) Math.floorDiv(day.toEpochDay() + 3, 7);
    }
}

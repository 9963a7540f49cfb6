package io.footbridge.analytics.figures;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Customer counts of any period from aggregates: buyers, new customers and repeat buyers as sums over a
 * two-dimensional difference table ({@code analytics_buyer_span}, see its migration for the corners each purchase
 * day adds; {@code analytics_buyer_block} holds the same summed over blocks of from-days), and customers' purchases
 * and net spend per store, day and currency ({@code analytics_customer_day}). A period of a year reads a few dozen
 * rows per day whatever the number of customers, and the counts stay exact.
 * Both tables change by the difference between a person's rows before and after a rebuild, under the people lock.
 */
@Component
class BuyerSpans {

    /** The scope of every store together. */
    static final UUID ALL = new UUID(0, 0);
    /** Stands for "no earlier purchase": before any day a period can start on. */
    static final LocalDate NEVER = LocalDate.of(1900, 1, 1);
    /** From-days are also summed in blocks of this many ({@code analytics_buyer_block}). */
    static final int BLOCK_DAYS = 32;

    private static final int BUYERS = 0;
    private static final int NEW_ONES = 1;
    private static final int REPEATERS = 2;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    BuyerSpans(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** One row of the per-person rollup. */
    record PersonDay(UUID person, UUID storeId, LocalDate day, String currency, long purchases, long net) {
    }

    /** A corner of the difference table. */
    record Cell(UUID scope, LocalDate to, LocalDate from) {
    }

    /** The corners of a block of from-days, summed. */
    record Block(UUID scope, LocalDate to, int from) {
    }

    /** The block a from-day falls in; block 0 begins with {@link #NEVER}. */
    static int block(LocalDate from) {
        return (int) Math.floorDiv(from.toEpochDay() - NEVER.toEpochDay(), BLOCK_DAYS);
    }

    /** The corners summed per block of from-days, those that come to nothing left out. */
    static Map<Block, long[]> blocks(Map<Cell, long[]> cells) {
        Map<Block, long[]> blocks = new HashMap<>();
        cells.forEach((cell, v) -> {
            long[] sums = blocks.computeIfAbsent(new Block(cell.scope(), cell.to(), block(cell.from())),
                    k -> new long[3]);
            for (int i = 0; i < 3; i++) {
                sums[i] += v[i];
            }
        });
        blocks.values().removeIf(v -> v[0] == 0 && v[1] == 0 && v[2] == 0);
        return blocks;
    }

    /** A day's customers: those whose first purchase in the period was that day, and of them the new ones. */
    record Day(LocalDate day, long buyers, long newOnes, long repeaters) {
    }

    private record CustomerDay(UUID storeId, LocalDate day, String currency) {
    }

    /** Replaces what these people's rows {@code before} added with what their rows {@code after} add. */
    void replace(UUID tenantId, Collection<PersonDay> before, Collection<PersonDay> after) {
        Map<Cell, long[]> cells = new HashMap<>();
        corners(before, -1, cells);
        corners(after, 1, cells);
        cells.values().removeIf(v -> v[0] == 0 && v[1] == 0 && v[2] == 0);
        Map<CustomerDay, long[]> days = new HashMap<>();
        for (PersonDay d : before) {
            long[] sums = days.computeIfAbsent(new CustomerDay(d.storeId(), d.day(), d.currency()), k -> new long[2]);
            sums[0] -= d.purchases();
            sums[1] -= d.net();
        }
        for (PersonDay d : after) {
            long[] sums = days.computeIfAbsent(new CustomerDay(d.storeId(), d.day(), d.currency()), k -> new long[2]);
            sums[0] += d.purchases();
            sums[1] += d.net();
        }
        days.values().removeIf(v -> v[0] == 0 && v[1] == 0);
        writeCells(tenantId, cells);
        writeBlocks(tenantId, blocks(cells));
        writeDays(tenantId, days);
    }

    /** Adds {@code sign} times the corners of these rows' people, in every store of theirs and in all together. */
    static void corners(Collection<PersonDay> rows, int sign, Map<Cell, long[]> cells) {
        Map<UUID, NavigableMap<LocalDate, Long>> all = new HashMap<>();
        Map<UUID, Map<UUID, NavigableMap<LocalDate, Long>>> byStore = new HashMap<>();
        for (PersonDay d : rows) {
            all.computeIfAbsent(d.person(), k -> new TreeMap<>()).merge(d.day(), d.purchases(), Long::sum);
            byStore.computeIfAbsent(d.person(), k -> new HashMap<>())
                    .computeIfAbsent(d.storeId(), k -> new TreeMap<>()).merge(d.day(), d.purchases(), Long::sum);
        }
        all.forEach((person, days) -> {
            LocalDate first = days.firstKey();
            corners(ALL, days, first, sign, cells);
            byStore.get(person).forEach((store, storeDays) -> corners(store, storeDays, first, sign, cells));
        });
    }

    /** The corners of one person's purchase days (and purchases on each) in one scope; {@code first}: ever. */
    static void corners(UUID scope, NavigableMap<LocalDate, Long> days, LocalDate first, int sign,
                        Map<Cell, long[]> cells) {
        LocalDate previous = null;
        for (Map.Entry<LocalDate, Long> e : days.entrySet()) {
            LocalDate day = e.getKey();
            LocalDate since = previous == null ? NEVER : previous.plusDays(1);
            LocalDate after = day.plusDays(1);
            add(cells, scope, day, since, BUYERS, sign);
            add(cells, scope, day, after, BUYERS, -sign);
            // the second purchase after this one: the same day, or the next purchase day
            LocalDate second = e.getValue() >= 2 ? day : days.higherKey(day);
            if (second != null) {
                add(cells, scope, second, since, REPEATERS, sign);
                add(cells, scope, second, after, REPEATERS, -sign);
            }
            if (previous == null) {
                add(cells, scope, day, NEVER, NEW_ONES, sign);
                add(cells, scope, day, first.plusDays(1), NEW_ONES, -sign);
            }
            previous = day;
        }
    }

    private static void add(Map<Cell, long[]> cells, UUID scope, LocalDate to, LocalDate from, int which, int sign) {
        cells.computeIfAbsent(new Cell(scope, to, from), k -> new long[3])[which] += sign;
    }

    /** Update what is there, insert the rest: callers hold the people lock, so no one inserts in between. */
    private void writeCells(UUID tenantId, Map<Cell, long[]> cells) {
        if (cells.isEmpty()) {
            return;
        }
        List<Map.Entry<Cell, long[]>> entries = new ArrayList<>(cells.entrySet());
        List<Object[]> updates = new ArrayList<>();
        for (Map.Entry<Cell, long[]> e : entries) {
            long[] v = e.getValue();
            updates.add(new Object[]{v[0], v[1], v[2], tenantId, e.getKey().scope(), Date.valueOf(e.getKey().to()),
                    Date.valueOf(e.getKey().from())});
        }
        int[] updated = batch.batchUpdate("""
                UPDATE analytics_buyer_span SET buyers = buyers + ?, new_ones = new_ones + ?,
                    repeaters = repeaters + ?
                WHERE tenant_id = ? AND scope_id = ? AND to_day = ? AND from_day = ?
                """, updates);
        List<Object[]> inserts = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (updated[i] == 0) {
                Object[] u = updates.get(i);
                inserts.add(new Object[]{u[3], u[4], u[5], u[6], u[0], u[1], u[2]});
            }
        }
        batch.batchUpdate("""
                INSERT INTO analytics_buyer_span (tenant_id, scope_id, to_day, from_day, buyers, new_ones, repeaters)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, inserts);
    }

    private void writeBlocks(UUID tenantId, Map<Block, long[]> blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        List<Object[]> updates = new ArrayList<>();
        blocks.forEach((block, v) -> updates.add(new Object[]{v[0], v[1], v[2], tenantId, block.scope(),
                Date.valueOf(block.to()), block.from()}));
        int[] updated = batch.batchUpdate("""
                UPDATE analytics_buyer_block SET buyers = buyers + ?, new_ones = new_ones + ?,
                    repeaters = repeaters + ?
                WHERE tenant_id = ? AND scope_id = ? AND to_day = ? AND from_block = ?
                """, updates);
        List<Object[]> inserts = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            if (updated[i] == 0) {
                Object[] u = updates.get(i);
                inserts.add(new Object[]{u[3], u[4], u[5], u[6], u[0], u[1], u[2]});
            }
        }
        batch.batchUpdate("""
                INSERT INTO analytics_buyer_block (tenant_id, scope_id, to_day, from_block, buyers, new_ones,
                    repeaters)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, inserts);
    }

    private void writeDays(UUID tenantId, Map<CustomerDay, long[]> days) {
        if (days.isEmpty()) {
            return;
        }
        List<Map.Entry<CustomerDay, long[]>> entries = new ArrayList<>(days.entrySet());
        List<Object[]> updates = new ArrayList<>();
        for (Map.Entry<CustomerDay, long[]> e : entries) {
            updates.add(new Object[]{e.getValue()[0], e.getValue()[1], tenantId, Date.valueOf(e.getKey().day()),
                    e.getKey().storeId(), e.getKey().currency()});
        }
        int[] updated = batch.batchUpdate("""
                UPDATE analytics_customer_day SET purchases = purchases + ?, net = net + ?
                WHERE tenant_id = ? AND local_day = ? AND store_id = ? AND currency = ?
                """, updates);
        List<Object[]> inserts = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (updated[i] == 0) {
                Object[] u = updates.get(i);
                inserts.add(new Object[]{u[2], u[4], u[3], u[5], u[0], u[1]});
            }
        }
        batch.batchUpdate("""
                INSERT INTO analytics_customer_day (tenant_id, store_id, local_day, currency, purchases, net)
                VALUES (?, ?, ?, ?, ?, ?)
                """, inserts);
    }

    /** The scope that answers for these stores: every store (null), or one; empty for several. */
    static Optional<UUID> scope(Set<UUID> storeIds) {
        if (storeIds == null) {
            return Optional.of(ALL);
        }
        return storeIds.size() == 1 ? Optional.of(storeIds.iterator().next()) : Optional.empty();
    }

    /**
     * Per day of the period, the customers whose first purchase in it (in the scope) was that day, the new ones
     * among them, and the repeaters' corners that fall on that day (only their sum over the period means anything).
     * Days without any are left out.
     */
    List<Day> days(UUID tenantId, UUID scope, LocalDate first, LocalDate last) {
        // the rows with from_day <= first: whole blocks before first's from here, first's own block up to first from
        // the spans (by their from_day index), so a day of the period reads a few dozen rows, not one per earlier
        // day; literals, not parameters: see KpiFigures.inline
        int block = block(first);
        LocalDate blockStart = NEVER.plusDays((long) block * BLOCK_DAYS);
        return jdbc.sql("""
                        SELECT to_day, SUM(buyers) AS buyers, SUM(new_ones) AS new_ones, SUM(repeaters) AS repeaters
                        FROM (SELECT to_day, buyers, new_ones, repeaters FROM analytics_buyer_block
                              WHERE tenant_id = '%1$s' AND scope_id = '%2$s' AND to_day >= DATE '%3$s'
                                AND to_day <= DATE '%4$s' AND from_block < %5$d
                              UNION ALL
                              SELECT to_day, buyers, new_ones, repeaters FROM analytics_buyer_span
                              WHERE tenant_id = '%1$s' AND scope_id = '%2$s' AND from_day >= DATE '%6$s'
                                AND from_day <= DATE '%3$s' AND to_day >= DATE '%3$s' AND to_day <= DATE '%4$s') c
                        GROUP BY to_day
                        """.formatted(tenantId, scope, first, last, block, blockStart))
                .query((rs, n) -> new Day(rs.getObject("to_day", LocalDate.class), rs.getLong("buyers"),
                        rs.getLong("new_ones"), rs.getLong("repeaters")))
                .list();
    }

    /** Known customers' purchases (index 0) and net spend (1) per currency in the period and stores. */
    Map<String, long[]> spend(UUID tenantId, Set<UUID> storeIds, LocalDate first, LocalDate last) {
        Map<String, long[]> spend = new TreeMap<>();
        jdbc.sql(KpiFigures.inline("""
                        SELECT currency, SUM(purchases) AS purchases, SUM(net) AS net FROM analytics_customer_day
                        WHERE tenant_id = :tenantId AND local_day >= :first AND local_day <= :last
                          AND (:allStores OR store_id IN (:storeIds))
                        GROUP BY currency HAVING SUM(purchases) > 0
                        """, tenantId, storeIds, first, last))
                .query((rs, n) -> spend.put(rs.getString("currency"),
                        new long[]{rs.getLong("purchases"), rs.getLong("net")}))
                .list();
        return spend;
    }
}

package io.footbridge.analytics.figures;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The difference table's corners answer, for every period, exactly what counting people one by one answers: buyers,
 * new customers (first purchase ever in the period) and repeat buyers (two or more purchases in it), for all stores
 * and for each store, with purchases on the same day, people in several stores, and corners of people whose rows
 * were replaced.
 */
class BuyerSpansTests {

    private static final LocalDate START = LocalDate.of(2025, 12, 20);
    private static final int DAYS = 45;
    private static final UUID NORTH = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID SOUTH = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    @Test
    void everyPeriodsCountsFromCornersEqualCountingPeopleOneByOne() {
        Random random = new Random(19);
        List<BuyerSpans.PersonDay> rows = new ArrayList<>();
        for (int p = 0; p < 60; p++) {
            rows.addAll(history(random, new UUID(1, p)));
        }
        Map<BuyerSpans.Cell, long[]> cells = new HashMap<>();
        BuyerSpans.corners(rows, 1, cells);
        // replaced histories: corners of the old rows taken away, of the new ones added
        for (int p = 0; p < 10; p++) {
            List<BuyerSpans.PersonDay> old = history(random, new UUID(2, p));
            BuyerSpans.corners(old, 1, cells);
            BuyerSpans.corners(old, -1, cells);
        }
        Map<BuyerSpans.Block, long[]> blocks = BuyerSpans.blocks(cells);
        int periods = 0;
        for (UUID scope : List.of(BuyerSpans.ALL, NORTH, SOUTH)) {
            for (int f = 0; f < DAYS; f++) {
                for (int l = f; l < DAYS; l++) {
                    LocalDate first = START.plusDays(f);
                    LocalDate last = START.plusDays(l);
                    long[] expected = byHand(rows, scope, first, last);
                    assertThat(fromCorners(cells, scope, first, last))
                            .as("%s %s … %s", scope, first, last)
                            .containsExactly(expected);
                    assertThat(fromBlocks(blocks, cells, scope, first, last))
                            .as("from blocks: %s %s … %s", scope, first, last)
                            .containsExactly(expected);
                    periods++;
                }
            }
        }
        assertThat(periods).isEqualTo(3 * DAYS * (DAYS + 1) / 2);
    }

    @Test
    void aSecondPurchaseOnTheSameDayMakesARepeatBuyer() {
        UUID anna = new UUID(3, 1);
        LocalDate day = START.plusDays(3);
        List<BuyerSpans.PersonDay> rows = List.of(new BuyerSpans.PersonDay(anna, NORTH, day, "EUR", 2, 900),
                new BuyerSpans.PersonDay(anna, NORTH, day.plusDays(10), "EUR", 1, 100));
        Map<BuyerSpans.Cell, long[]> cells = new HashMap<>();
        BuyerSpans.corners(rows, 1, cells);
        assertThat(fromCorners(cells, BuyerSpans.ALL, day, day)).as("buyers, new, repeat").containsExactly(1, 1, 1);
        assertThat(fromCorners(cells, NORTH, day.plusDays(1), day.plusDays(10))).containsExactly(1, 0, 0);
        assertThat(fromCorners(cells, NORTH, day.minusDays(5), day.minusDays(1))).containsExactly(0, 0, 0);
    }

    /** A person's purchases over the days, in one or both stores, some days with two. */
    private static List<BuyerSpans.PersonDay> history(Random random, UUID person) {
        List<BuyerSpans.PersonDay> rows = new ArrayList<>();
        int purchases = 1 + random.nextInt(random.nextBoolean() ? 2 : 8);
        for (int i = 0; i < purchases; i++) {
            rows.add(new BuyerSpans.PersonDay(person, random.nextInt(3) == 0 ? SOUTH : NORTH,
                    START.plusDays(random.nextInt(DAYS)), random.nextBoolean() ? "EUR" : "CHF",
                    1 + (random.nextInt(5) == 0 ? 1 : 0), 100));
        }
        return rows;
    }

    /** What the summaries' query reads: the rows with from ≤ first and first ≤ to ≤ last. */
    private static long[] fromCorners(Map<BuyerSpans.Cell, long[]> cells, UUID scope, LocalDate first,
                                      LocalDate last) {
        long[] sums = new long[3];
        cells.forEach((cell, v) -> {
            if (cell.scope().equals(scope) && !cell.from().isAfter(first) && !cell.to().isBefore(first)
                    && !cell.to().isAfter(last)) {
                for (int i = 0; i < 3; i++) {
                    sums[i] += v[i];
                }
            }
        });
        return sums;
    }

    /**
     * What the query reads since blocks were kept: whole blocks of from-days before the block of first, then the
     * corners of first's own block up to first. The 45 days cross two block boundaries (blocks start on 2025-12-27
     * and 2026-01-28).
     */
    private static long[] fromBlocks(Map<BuyerSpans.Block, long[]> blocks, Map<BuyerSpans.Cell, long[]> cells,
                                     UUID scope, LocalDate first, LocalDate last) {
        long[] sums = new long[3];
        int own = BuyerSpans.block(first);
        blocks.forEach((block, v) -> {
            if (block.scope().equals(scope) && block.from() < own && !block.to().isBefore(first)
                    && !block.to().isAfter(last)) {
                for (int i = 0; i < 3; i++) {
                    sums[i] += v[i];
                }
            }
        });
        cells.forEach((cell, v) -> {
            if (cell.scope().equals(scope) && BuyerSpans.block(cell.from()) == own && !cell.from().isAfter(first)
                    && !cell.to().isBefore(first) && !cell.to().isAfter(last)) {
                for (int i = 0; i < 3; i++) {
                    sums[i] += v[i];
                }
            }
        });
        return sums;
    }

    private static long[] byHand(List<BuyerSpans.PersonDay> rows, UUID scope, LocalDate first, LocalDate last) {
        Map<UUID, Long> inPeriod = new HashMap<>();
        Map<UUID, LocalDate> firstEver = new HashMap<>();
        for (BuyerSpans.PersonDay d : rows) {
            firstEver.merge(d.person(), d.day(), (a, b) -> a.isBefore(b) ? a : b);
            if ((scope.equals(BuyerSpans.ALL) || scope.equals(d.storeId())) && !d.day().isBefore(first)
                    && !d.day().isAfter(last)) {
                inPeriod.merge(d.person(), d.purchases(), Long::sum);
            }
        }
        long newOnes = inPeriod.keySet().stream().filter(p -> !firstEver.get(p).isBefore(first)).count();
        long repeat = inPeriod.values().stream().filter(n -> n >= 2).count();
        return new long[]{inPeriod.size(), newOnes, repeat};
    }
}

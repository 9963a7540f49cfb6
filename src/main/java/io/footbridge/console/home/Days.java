package io.footbridge.console.home;

import io.footbridge.console.HomeFigures;
import io.footbridge.platform.Tally;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The days of a period on each store's own clock: the instants a query must cover so that every store's days are
 * inside it, and tallies summed into those days.
 */
final class Days {

    private final HomeFigures.Query period;
    private final Function<UUID, ZoneId> zoneOf;
    private final Instant from;
    private final Instant to;

    /** @param zones every clock the tallies may be read on */
    Days(HomeFigures.Query period, Collection<ZoneId> zones, Function<UUID, ZoneId> zoneOf) {
        this.period = period;
        this.zoneOf = zoneOf;
        Instant earliest = null;
        Instant latest = null;
        for (ZoneId zone : zones) {
            Instant start = period.first().atStartOfDay(zone).toInstant();
            Instant end = period.last().plusDays(1).atStartOfDay(zone).toInstant();
            earliest = earliest == null || start.isBefore(earliest) ? start : earliest;
            latest = latest == null || end.isAfter(latest) ? end : latest;
        }
        this.from = earliest;
        this.to = latest;
    }

    Instant from() {
        return from;
    }

    Instant to() {
        return to;
    }

    List<LocalDate> dates() {
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate d = period.first(); !d.isAfter(period.last()); d = d.plusDays(1)) {
            dates.add(d);
        }
        return dates;
    }

    /** Each day's count and amount of the tallies that match, on their store's clock; days outside the period dropped. */
    Map<LocalDate, long[]> sum(List<Tally> tallies, Predicate<Tally> matching) {
        Map<LocalDate, long[]> days = new LinkedHashMap<>();
        dates().forEach(d -> days.put(d, new long[2]));
        for (Tally tally : tallies) {
            if (!matching.test(tally)) {
                continue;
            }
            long[] day = days.get(tally.quarter().atZone(zoneOf.apply(tally.storeId())).toLocalDate());
            if (day != null) {
                day[0] += tally.count();
                day[1] += tally.amount();
            }
        }
        return days;
    }

    static long count(Map<LocalDate, long[]> days) {
        return days.values().stream().mapToLong(d -> d[0]).sum();
    }

    static long amount(Map<LocalDate, long[]> days) {
        return days.values().stream().mapToLong(d -> d[1]).sum();
    }

    static List<Double> counts(Map<LocalDate, long[]> days) {
        return days.values().stream().map(d -> (double) d[0]).toList();
    }

    static List<Double> amounts(Map<LocalDate, long[]> days) {
        return days.values().stream().map(d -> (double) d[1]).toList();
    }
}

package io.footbridge.console;

import io.footbridge.platform.Actor;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The figures of the console's home page for a period and some stores, each with the period before it (as long,
 * just before) and a value a day. Days are read on each store's own clock; what happened in no store, on
 * {@code zone}'s.
 */
public interface HomeFigures {

    /**
     * @param storeIds the stores to count (null: every store of the tenant and what happened in none); the caller
     *                 has checked the actor may see them
     * @param zone     the clock of what happened in no store, and of the chosen store
     */
    record Query(Set<UUID> storeIds, LocalDate first, LocalDate last, ZoneId zone) {

        public int days() {
            return (int) (last.toEpochDay() - first.toEpochDay()) + 1;
        }

        /** The period as long as this one, just before it. */
        public Query previous() {
            return new Query(storeIds, first.minusDays(days()), first.minusDays(1), zone);
        }
    }

    /** How a figure's numbers read. */
    enum Unit {
        /** a number of things */
        COUNT,
        /** minor units of the figure's currency */
        MONEY,
        /** a share from 0 to 1 */
        SHARE,
        /** a Net Promoter Score from −100 to 100, with its 95 % interval */
        SCORE
    }

    /**
     * One figure: {@code value} for the period, {@code previous} for the one before (null when there is nothing to
     * compare, such as a score without answers), {@code low}/{@code high} its interval when it has one, {@code daily}
     * a value for each day of the period (null for a day without any), {@code parts} a breakdown of {@code value}
     * (such as consents per channel, or cases still open).
     */
    record Figure(String key, Unit unit, String currency, Double value, Double previous, Double low, Double high,
                  List<Double> daily, Map<String, Long> parts) {

        /** The change against the previous period, in the figure's unit; null when either is missing. */
        public Double change() {
            return value == null || previous == null ? null : value - previous;
        }
    }

    /** The figures, in the order the page shows them, and the days their daily values belong to. */
    record Home(Query query, List<LocalDate> days, List<Figure> figures) {
    }

    Home of(Actor actor, Query query);
}

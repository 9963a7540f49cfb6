package io.footbridge.feedback.survey;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.footbridge.feedback.Nps;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * NPS per store and period, with its 95 % confidence interval ({@link Nps}; rough for small n, hence the warning).
 * A period is read on the store's clock.
 */
@Component
class NpsReport {

    /** Below this many responses the interval is wide and only approximate. */
    static final int SMALL = Nps.SMALL;

    enum Period {
        DAY, WEEK, MONTH, QUARTER, YEAR, ALL;

        static Optional<Period> of(String value) {
            for (Period p : values()) {
                if (p.name().toLowerCase(Locale.ROOT).equals(value)) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }

        String key(LocalDate date) {
            return switch (this) {
                case DAY -> date.toString();
                case WEEK -> String.format("%d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR),
                        date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                case MONTH -> String.format("%d-%02d", date.getYear(), date.getMonthValue());
                case QUARTER -> date.getYear() + "-Q" + date.get(IsoFields.QUARTER_OF_YEAR);
                case YEAR -> String.valueOf(date.getYear());
                case ALL -> "all";
            };
        }
    }

    /**
     * One group's NPS. {@code store} null: every store together. {@code nps}, the margin and the interval are in NPS
     * points (−100 to 100), rounded to one decimal.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Group(String store, String period, long responses, long promoters, long passives, long detractors,
                 Double nps, Double marginOfError, Double low, Double high, String warning) {
    }

    record Figures(Instant from, Instant to, String period, UUID survey, List<Group> byStore, List<Group> byPeriod,
                   Group total) {
    }

    private static final class Tally {
        long promoters;
        long passives;
        long detractors;

        void add(int score) {
            if (score >= 9) {
                promoters++;
            } else if (score >= 7) {
                passives++;
            } else {
                detractors++;
            }
        }
    }

    private final ResponseRepository responses;
    private final Stores stores;

    NpsReport(ResponseRepository responses, Stores stores) {
        this.responses = responses;
        this.stores = stores;
    }

    Figures of(UUID tenantId, UUID surveyId, Collection<UUID> storeIds, Instant from, Instant to, Period period) {
        Map<UUID, Optional<StoreRef>> known = new HashMap<>();
        Map<String, Map<String, Tally>> byStore = new TreeMap<>();
        Map<String, Tally> byPeriod = new TreeMap<>();
        Tally total = new Tally();
        responses.scores(tenantId, surveyId, storeIds, from, to, score -> {
            Optional<StoreRef> store = score.storeId() == null ? Optional.empty()
                    : known.computeIfAbsent(score.storeId(), id -> stores.findById(tenantId, id));
            ZoneId zone = store.map(StoreRef::timeZone).orElse(ZoneOffset.UTC);
            String key = period.key(score.answeredAt().atZone(zone).toLocalDate());
            String storeCode = store.map(StoreRef::code).orElse("");
            byStore.computeIfAbsent(storeCode, s -> new TreeMap<>()).computeIfAbsent(key, k -> new Tally())
                    .add(score.score());
            byPeriod.computeIfAbsent(key, k -> new Tally()).add(score.score());
            total.add(score.score());
        });
        List<Group> stores = new ArrayList<>();
        byStore.forEach((store, periods) -> periods.forEach((key, tally) ->
                stores.add(group(store.isEmpty() ? null : store, key, tally))));
        stores.sort(Comparator.comparing((Group g) -> g.store() == null ? "\uffff" : g.store())
                .thenComparing(Group::period));
        List<Group> periods = new ArrayList<>();
        byPeriod.forEach((key, tally) -> periods.add(group(null, key, tally)));
        return new Figures(from, to, period.name().toLowerCase(Locale.ROOT), surveyId, stores, periods,
                group(null, null, total));
    }

    static Group group(String store, String period, Tally tally) {
        Nps nps = Nps.of(tally.promoters, tally.passives, tally.detractors);
        long n = nps.responses();
        if (n == 0) {
            return new Group(store, period, 0, 0, 0, 0, null, null, null, null, "no responses");
        }
        String warning = n < SMALL ? "only " + n + " response" + (n == 1 ? "" : "s") + ": below " + SMALL
                + " the interval is wide and the normal approximation rough" : null;
        return new Group(store, period, n, nps.promoters(), nps.passives(), nps.detractors(), nps.score(),
                nps.marginOfError(), nps.low(), nps.high(), warning);
    }
}

package io.footbridge.console.home;

import io.footbridge.analytics.Kpis;
import io.footbridge.console.HomeFigures;
import io.footbridge.consent.ConsentFigures;
import io.footbridge.feedback.FeedbackFigures;
import io.footbridge.feedback.Nps;
import io.footbridge.offers.RedemptionFigures;
import io.footbridge.platform.Actor;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.platform.Tally;
import io.footbridge.receipts.ReceiptFigures;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The home page's figures computed from what each module counts: analytics' sales, revenue, capture rate and
 * customers, offers' redemptions, receipts, feedback's answers and cases, consent's grants. Money stays per
 * currency.
 */
@Component
class ModuleFigures implements HomeFigures {

    /** The most stores whose clocks a tenant-wide query looks at. */
    private static final int STORES = 10_000;

    private final RedemptionFigures redemptions;
    private final ReceiptFigures receipts;
    private final FeedbackFigures feedback;
    private final ConsentFigures consents;
    private final Stores stores;
    private final Kpis kpis;

    ModuleFigures(RedemptionFigures redemptions, ReceiptFigures receipts, FeedbackFigures feedback,
                  ConsentFigures consents, Stores stores, Kpis kpis) {
        this.redemptions = redemptions;
        this.receipts = receipts;
        this.feedback = feedback;
        this.consents = consents;
        this.stores = stores;
        this.kpis = kpis;
    }

    @Override
    public Home of(Actor actor, Query query) {
        Map<UUID, ZoneId> known = new HashMap<>();
        Set<ZoneId> clocks = new LinkedHashSet<>();
        clocks.add(query.zone());
        if (query.storeIds() == null) {
            stores.workingIn(actor, STORES).forEach(s -> clocks.add(s.timeZone()));
        } else {
            query.storeIds().forEach(id -> stores.findById(actor.tenantId(), id)
                    .ifPresent(s -> clocks.add(s.timeZone())));
        }
        Function<UUID, ZoneId> zoneOf = id -> id == null ? query.zone() : known.computeIfAbsent(id, key ->
                stores.findById(actor.tenantId(), key).map(StoreRef::timeZone).orElse(query.zone()));
        Span now = new Span(actor.tenantId(), query, new Days(query, clocks, zoneOf));
        Span before = new Span(actor.tenantId(), query.previous(), new Days(query.previous(), clocks, zoneOf));

        List<Figure> figures = new ArrayList<>();
        // sales, revenue, capture and customers are analytics' figures, on each store's own days: one definition
        Query previous = query.previous();
        List<Kpis.Day> salesNow = kpis.days(actor.tenantId(), query.storeIds(), query.first(), query.last());
        List<Kpis.Day> salesBefore = kpis.days(actor.tenantId(), previous.storeIds(), previous.first(),
                previous.last());
        figures.add(count("sales", series(salesNow, Kpis.Day::sales), series(salesBefore, Kpis.Day::sales)));
        Set<String> currencies = new TreeSet<>();
        for (List<Kpis.Day> days : List.of(salesNow, salesBefore)) {
            days.forEach(d -> d.revenue().forEach(m -> currencies.add(m.currency())));
        }
        for (String currency : currencies) {
            figures.add(money("revenue", currency, money(salesNow, Kpis.Day::revenue, currency),
                    money(salesBefore, Kpis.Day::revenue, currency)));
        }
        for (String currency : currencies) {
            figures.add(share(currency, salesNow, salesBefore));
        }
        figures.add(captureRate(salesNow, salesBefore));
        figures.add(count("newCustomers", series(salesNow, Kpis.Day::newCustomers),
                series(salesBefore, Kpis.Day::newCustomers)));
        figures.add(count("returningCustomers", series(salesNow, Kpis.Day::returningCustomers),
                series(salesBefore, Kpis.Day::returningCustomers)));
        figures.add(count("couponsRedeemed", now.sum(now.redemptions(), t -> true),
                before.sum(before.redemptions(), t -> true)));
        figures.add(withParts(count("receiptsOpened", now.sum(now.receipts(), key("opened")),
                before.sum(before.receipts(), key("opened"))), Map.of("receipts",
                Days.count(now.days.sum(now.receipts(), t -> true)))));
        figures.add(nps(now, before));
        figures.add(withParts(count("casesOpened", now.sum(now.cases(), t -> true),
                before.sum(before.cases(), t -> true)), Map.of("stillOpen",
                Days.count(now.days.sum(now.cases(), key("open"))))));
        Map<String, Long> channels = new TreeMap<>();
        now.consents().forEach(t -> channels.merge(t.key(), 0L, Long::sum));
        channels.replaceAll((channel, zero) -> Days.count(now.days.sum(now.consents(), key(channel))));
        figures.add(withParts(count("consents", now.sum(now.consents(), t -> true),
                before.sum(before.consents(), t -> true)), channels));
        return new Home(query, now.days.dates(), figures);
    }

    /** Analytics' capture rate: sales where the till named the customer, by count. */
    private static Figure captureRate(List<Kpis.Day> now, List<Kpis.Day> before) {
        List<Double> daily = now.stream().map(d -> ratio(d.identifiedSales(), d.sales())).toList();
        return new Figure("captureRate", Unit.SHARE, null, rate(now), rate(before), null, null, daily, Map.of());
    }

    private static Double rate(List<Kpis.Day> days) {
        return ratio(days.stream().mapToLong(Kpis.Day::identifiedSales).sum(),
                days.stream().mapToLong(Kpis.Day::sales).sum());
    }

    /** Each day's count, in the shape the figures are summed in. */
    private static Map<LocalDate, long[]> series(List<Kpis.Day> days, ToLongFunction<Kpis.Day> count) {
        Map<LocalDate, long[]> series = new LinkedHashMap<>();
        days.forEach(d -> series.put(d.day(), new long[]{count.applyAsLong(d), 0}));
        return series;
    }

    /** Each day's amount in one currency. */
    private static Map<LocalDate, long[]> money(List<Kpis.Day> days, Function<Kpis.Day, List<Kpis.Money>> amounts,
                                                String currency) {
        Map<LocalDate, long[]> series = new LinkedHashMap<>();
        days.forEach(d -> series.put(d.day(), new long[]{0, amounts.apply(d).stream()
                .filter(m -> m.currency().equals(currency)).mapToLong(Kpis.Money::amount).sum()}));
        return series;
    }

    private static Predicate<Tally> key(String key) {
        return t -> t.key().equals(key);
    }

    private static Figure count(String key, Map<LocalDate, long[]> now, Map<LocalDate, long[]> before) {
        return new Figure(key, Unit.COUNT, null, (double) Days.count(now), (double) Days.count(before), null, null,
                Days.counts(now), Map.of());
    }

    private static Figure money(String key, String currency, Map<LocalDate, long[]> now,
                                Map<LocalDate, long[]> before) {
        return new Figure(key, Unit.MONEY, currency, (double) Days.amount(now), (double) Days.amount(before), null,
                null, Days.amounts(now), Map.of());
    }

    private static Figure withParts(Figure figure, Map<String, Long> parts) {
        return new Figure(figure.key(), figure.unit(), figure.currency(), figure.value(), figure.previous(),
                figure.low(), figure.high(), figure.daily(), parts);
    }

    /** The share of revenue (net of refunds) where the till named the customer. */
    private static Figure share(String currency, List<Kpis.Day> now, List<Kpis.Day> before) {
        Map<LocalDate, long[]> all = money(now, Kpis.Day::revenue, currency);
        Map<LocalDate, long[]> known = money(now, Kpis.Day::identifiedRevenue, currency);
        List<Double> daily = new ArrayList<>();
        all.forEach((day, total) -> daily.add(total[1] == 0 ? null : (double) known.get(day)[1] / total[1]));
        return new Figure("knownShare", Unit.SHARE, currency, ratio(Days.amount(known), Days.amount(all)),
                ratio(Days.amount(money(before, Kpis.Day::identifiedRevenue, currency)),
                        Days.amount(money(before, Kpis.Day::revenue, currency))),
                null, null, daily, Map.of());
    }

    private static Figure nps(Span now, Span before) {
        Nps current = nps(now.answers(), now);
        Nps previous = nps(before.answers(), before);
        List<Double> daily = new ArrayList<>();
        Map<LocalDate, long[]> promoters = now.sum(now.answers(), key("promoter"));
        Map<LocalDate, long[]> passives = now.sum(now.answers(), key("passive"));
        Map<LocalDate, long[]> detractors = now.sum(now.answers(), key("detractor"));
        promoters.forEach((day, p) -> daily.add(Nps.of(p[0], passives.get(day)[0], detractors.get(day)[0]).score()));
        return new Figure("nps", Unit.SCORE, null, current.score(), previous.score(), current.low(), current.high(),
                daily, Map.of("responses", current.responses()));
    }

    private static Nps nps(List<Tally> answers, Span span) {
        return Nps.of(Days.count(span.days.sum(answers, key("promoter"))),
                Days.count(span.days.sum(answers, key("passive"))),
                Days.count(span.days.sum(answers, key("detractor"))));
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    /** One period's tallies, each fetched once. */
    private final class Span {

        private final UUID tenantId;
        private final Query query;
        private final Days days;
        private List<Tally> redemptions;
        private List<Tally> receipts;
        private List<Tally> answers;
        private List<Tally> cases;
        private List<Tally> consents;

        Span(UUID tenantId, Query query, Days days) {
            this.tenantId = tenantId;
            this.query = query;
            this.days = days;
        }

        Map<LocalDate, long[]> sum(List<Tally> tallies, Predicate<Tally> matching) {
            return days.sum(tallies, matching);
        }

        List<Tally> redemptions() {
            if (redemptions == null) {
                redemptions = ModuleFigures.this.redemptions.redemptions(tenantId, query.storeIds(), days.from(),
                        days.to());
            }
            return redemptions;
        }

        List<Tally> receipts() {
            if (receipts == null) {
                receipts = ModuleFigures.this.receipts.receipts(tenantId, query.storeIds(), days.from(), days.to());
            }
            return receipts;
        }

        List<Tally> answers() {
            if (answers == null) {
                answers = feedback.answers(tenantId, query.storeIds(), days.from(), days.to());
            }
            return answers;
        }

        List<Tally> cases() {
            if (cases == null) {
                cases = feedback.cases(tenantId, query.storeIds(), days.from(), days.to());
            }
            return cases;
        }

        List<Tally> consents() {
            if (consents == null) {
                consents = ModuleFigures.this.consents.marketingGrants(tenantId, query.storeIds(), days.from(),
                        days.to());
            }
            return consents;
        }
    }
}

package io.footbridge.console.home;

import io.footbridge.analytics.Kpis;
import io.footbridge.capture.SalesFigures;
import io.footbridge.console.HomeFigures;
import io.footbridge.consent.ConsentFigures;
import io.footbridge.feedback.FeedbackFigures;
import io.footbridge.feedback.Nps;
import io.footbridge.identity.BuyerFigures;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The home page's figures computed from what each module counts: capture's sales, identity's buyers, offers'
 * redemptions, receipts, feedback's answers and cases, consent's grants. Money stays per currency.
 */
@Component
class ModuleFigures implements HomeFigures {

    /** The most stores whose clocks a tenant-wide query looks at. */
    private static final int STORES = 10_000;

    private final SalesFigures sales;
    private final BuyerFigures buyers;
    private final RedemptionFigures redemptions;
    private final ReceiptFigures receipts;
    private final FeedbackFigures feedback;
    private final ConsentFigures consents;
    private final Stores stores;
    private final Kpis kpis;

    ModuleFigures(SalesFigures sales, BuyerFigures buyers, RedemptionFigures redemptions, ReceiptFigures receipts,
                  FeedbackFigures feedback, ConsentFigures consents, Stores stores, Kpis kpis) {
        this.sales = sales;
        this.buyers = buyers;
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
        figures.add(count("sales", now.netSales(), before.netSales()));
        Set<String> currencies = new TreeSet<>(now.currencies());
        currencies.addAll(before.currencies());
        for (String currency : currencies) {
            figures.add(money("revenue", currency, now.revenue(currency), before.revenue(currency)));
        }
        for (String currency : currencies) {
            figures.add(share(currency, now, before));
        }
        figures.add(captureRate(actor, query, now.days.dates()));
        figures.add(count("newCustomers", now.sum(now.buyers(), key("new")),
                before.sum(before.buyers(), key("new"))));
        figures.add(count("returningCustomers", now.sum(now.buyers(), key("returning")),
                before.sum(before.buyers(), key("returning"))));
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

    /**
     * Analytics' capture rate (sales where the till named the customer, by count) from its daily rollup, which
     * already places each sale on its store's day and takes voided sales out.
     */
    private Figure captureRate(Actor actor, Query query, List<LocalDate> dates) {
        List<Kpis.Part> days = kpis.capture(actor.tenantId(), query.storeIds(), query.first(), query.last(),
                Kpis.Cut.DAY);
        Map<String, Kpis.Part> byDay = new HashMap<>();
        days.forEach(p -> byDay.put(p.key(), p));
        List<Double> daily = dates.stream().map(d -> byDay.containsKey(d.toString())
                ? byDay.get(d.toString()).captureRate() : null).toList();
        Query before = query.previous();
        return new Figure("captureRate", Unit.SHARE, null, rate(days),
                rate(kpis.capture(actor.tenantId(), before.storeIds(), before.first(), before.last(), Kpis.Cut.STORE)),
                null, null, daily, Map.of());
    }

    private static Double rate(List<Kpis.Part> parts) {
        return ratio(parts.stream().mapToLong(Kpis.Part::identifiedSales).sum(),
                parts.stream().mapToLong(Kpis.Part::sales).sum());
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

    /** The share of sales' value where the till named the customer. */
    private static Figure share(String currency, Span now, Span before) {
        Map<LocalDate, long[]> all = now.sum(now.transactions(), sale(currency, null));
        Map<LocalDate, long[]> known = now.sum(now.transactions(), sale(currency, "known"));
        List<Double> daily = new ArrayList<>();
        all.forEach((day, total) -> daily.add(total[1] == 0 ? null : (double) known.get(day)[1] / total[1]));
        return new Figure("knownShare", Unit.SHARE, currency, ratio(Days.amount(known), Days.amount(all)),
                ratio(Days.amount(before.sum(before.transactions(), sale(currency, "known"))),
                        Days.amount(before.sum(before.transactions(), sale(currency, null)))),
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

    /** Sales (not refunds or voids) in this currency; {@code customer} null for known and anonymous alike. */
    private static Predicate<Tally> sale(String currency, String customer) {
        return t -> t.key().startsWith("sale:" + currency + ":") && (customer == null || t.key().endsWith(customer));
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    /** One period's tallies, each fetched once. */
    private final class Span {

        private final UUID tenantId;
        private final Query query;
        private final Days days;
        private List<Tally> transactions;
        private List<Tally> buyers;
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

        /** Sales less voids (a void takes a whole sale back). */
        Map<LocalDate, long[]> netSales() {
            Map<LocalDate, long[]> net = sum(transactions(), t -> t.key().startsWith("sale:"));
            sum(transactions(), t -> t.key().startsWith("void:")).forEach((day, v) -> net.get(day)[0] -= v[0]);
            return net;
        }

        /** Sales less refunds and voids, in one currency. */
        Map<LocalDate, long[]> revenue(String currency) {
            Map<LocalDate, long[]> net = sum(transactions(), t -> t.key().startsWith("sale:" + currency + ":"));
            sum(transactions(), t -> !t.key().startsWith("sale:") && t.key().contains(":" + currency + ":"))
                    .forEach((day, back) -> net.get(day)[1] -= back[1]);
            return net;
        }

        Set<String> currencies() {
            Set<String> found = new TreeSet<>();
            transactions().forEach(t -> found.add(t.key().split(":")[1]));
            return found;
        }

        List<Tally> transactions() {
            if (transactions == null) {
                transactions = sales.transactions(tenantId, query.storeIds(), days.from(), days.to());
            }
            return transactions;
        }

        List<Tally> buyers() {
            if (buyers == null) {
                buyers = ModuleFigures.this.buyers.buyers(tenantId, query.storeIds(), days.from(), days.to());
            }
            return buyers;
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

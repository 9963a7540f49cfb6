package io.footbridge.analytics.clv;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lifetime values of a tenant's customers from their purchases: both models fitted, and how the expected value over
 * a horizon is spread across customers. Time in weeks; amounts in whatever unit they come (minor units of one
 * currency, as a rule: never mix currencies).
 */
public final class LifetimeValues {

    /** One purchase of a customer. */
    public record Purchase(String customer, LocalDate day, double amount) {
    }

    /** Customers whose expected value lies in [from, to); the last bin also holds those above. */
    public record Bin(double from, double to, long customers) {
    }

    /**
     * @param customers the customers fitted (everyone with a purchase up to the end)
     * @param total     their expected value together over the horizon
     * @param bins      how the expected values spread, in equal bins up to the 99th percentile
     */
    public record Distribution(double r, double alpha, double a, double b, double p, double q, double gamma,
                               long customers, double total, double median, List<Bin> bins) {
    }

    /** One customer's probability of being active at the end and expected value over the horizon. */
    public record CustomerValue(String customer, double activeProbability, double value) {
    }

    /** Fewer repeat buyers than this give the spend model nothing to learn from. */
    static final int MIN_REPEAT_BUYERS = 5;

    private LifetimeValues() {
    }

    /**
     * Fits the purchases up to {@code end} and predicts each customer's value over {@code horizonWeeks} and their
     * probability of being active at the end; empty when {@link #of} would be.
     */
    public static Optional<List<CustomerValue>> perCustomer(Iterable<Purchase> purchases, LocalDate end,
                                                            double horizonWeeks) {
        PurchaseHistories histories = new PurchaseHistories(end, 7);
        purchases.forEach(p -> histories.add(p.customer(), p.day(), p.amount()));
        return perCustomer(histories.customers(), horizonWeeks);
    }

    /** The same from customers' summaries gathered one customer at a time, kept with their ids. */
    public static Optional<List<CustomerValue>> perCustomer(Summaries summaries, double horizonWeeks) {
        if (!summaries.keepsIds) {
            throw new IllegalArgumentException("values per customer need summaries that keep the customers' ids");
        }
        return perCustomer(summaries.customers(), horizonWeeks);
    }

    private static Optional<List<CustomerValue>> perCustomer(List<Customer> customers, double horizonWeeks) {
        if (customers.stream().filter(c -> c.frequency() > 0 && c.monetary() > 0).count() < MIN_REPEAT_BUYERS) {
            return Optional.empty();
        }
        List<CustomerValue> values = new ArrayList<>(customers.size());
        try {
            Fit fit = Fit.of(customers);
            for (Customer c : customers) {
                Fit.Prediction prediction = fit.predict(c, horizonWeeks);
                if (!Double.isFinite(prediction.value()) || !Double.isFinite(prediction.probabilityAlive())) {
                    return Optional.empty();
                }
                values.add(new CustomerValue(c.id(), prediction.probabilityAlive(), prediction.value()));
            }
        } catch (IllegalStateException | IllegalArgumentException | ArithmeticException e) {
            // as in of(): no values rather than wrong ones
            return Optional.empty();
        }
        return Optional.of(values);
    }

    /**
     * Fits the purchases up to {@code end} and spreads the customers' expected value over {@code horizonWeeks};
     * empty when there are too few repeat buyers, the fitted spend model has no finite mean (q ≤ 1), or the fit
     * failed.
     */
    public static Optional<Distribution> of(Iterable<Purchase> purchases, LocalDate end, double horizonWeeks,
                                            int binCount) {
        PurchaseHistories histories = new PurchaseHistories(end, 7);
        purchases.forEach(p -> histories.add(p.customer(), p.day(), p.amount()));
        return of(histories.customers(), horizonWeeks, binCount);
    }

    /** The same from customers' summaries gathered one customer at a time. */
    public static Optional<Distribution> of(Summaries summaries, double horizonWeeks, int binCount) {
        return of(summaries.customers(), horizonWeeks, binCount);
    }

    private static Optional<Distribution> of(List<Customer> customers, double horizonWeeks, int binCount) {
        if (customers.stream().filter(c -> c.frequency() > 0 && c.monetary() > 0).count() < MIN_REPEAT_BUYERS) {
            return Optional.empty();
        }
        Fit fit;
        double[] values = new double[customers.size()];
        try {
            fit = Fit.of(customers);
            // expected purchases depend on (frequency, recency, age) alone, which many customers share
            Map<Customer, Double> purchasesByHistory = new HashMap<>();
            for (int i = 0; i < values.length; i++) {
                Customer c = customers.get(i);
                double expected = purchasesByHistory.computeIfAbsent(new Customer(null, c.frequency(), c.recency(),
                        c.age(), 0), h -> fit.purchases().expectedPurchases(h, horizonWeeks));
                values[i] = expected * fit.spend().expectedValue(c);
                if (!Double.isFinite(values[i])) {
                    return Optional.empty();
                }
            }
        } catch (IllegalStateException | IllegalArgumentException | ArithmeticException e) {
            // an optimiser out of evaluations, or a series that would not converge, on data the models do not
            // suit: no values rather than wrong ones
            return Optional.empty();
        }
        Arrays.sort(values);
        double total = Arrays.stream(values).sum();
        double top = Math.max(values[(int) Math.floor(0.99 * (values.length - 1))], 1e-9);
        double width = top / binCount;
        long[] counts = new long[binCount];
        for (double v : values) {
            counts[Math.min(binCount - 1, (int) (v / width))]++;
        }
        List<Bin> bins = new ArrayList<>();
        for (int k = 0; k < binCount; k++) {
            bins.add(new Bin(k * width, k == binCount - 1 ? values[values.length - 1] : (k + 1) * width, counts[k]));
        }
        BgNbd b = fit.purchases();
        GammaGamma g = fit.spend();
        return Optional.of(new Distribution(b.r(), b.alpha(), b.a(), b.b(), g.p(), g.q(), g.gamma(), values.length,
                total, values[values.length / 2], bins));
    }

    /**
     * Customers' histories in weeks, gathered from purchase days that arrive customer by customer (all of one
     * customer's together, days ascending): only each customer's summary is kept, never their purchases, so a
     * million customers take a few tens of megabytes however many purchases they made.
     */
    public static final class Summaries {

        private final long end;
        private final boolean keepsIds;
        private final List<Customer> customers = new ArrayList<>();
        private Object current;
        private long first;
        private long last;
        private int repeats;
        private double repeatValue;

        public Summaries(LocalDate end) {
            this(end, false);
        }

        /** With {@code keepIds}, each summary keeps its customer's id as text (for values per customer). */
        public Summaries(LocalDate end, boolean keepIds) {
            this.end = end.toEpochDay();
            this.keepsIds = keepIds;
        }

        /** One purchase day of a customer; purchases after the end are left out, a day again adds its amount. */
        public void purchase(Object customer, LocalDate day, double amount) {
            long d = day.toEpochDay();
            if (d > end) {
                return;
            }
            if (!customer.equals(current)) {
                close();
                current = customer;
                first = d;
                last = d;
                return;
            }
            if (d < last) {
                throw new IllegalArgumentException("a customer's days must come in order");
            }
            if (d != first) {
                if (d != last) {
                    repeats++;
                }
                repeatValue += amount;
            }
            last = d;
        }

        private void close() {
            if (current != null) {
                customers.add(new Customer(keepsIds ? current.toString() : null, repeats, (last - first) / 7.0,
                        (end - first) / 7.0,
                        repeats == 0 ? 0 : repeatValue / repeats));
            }
            current = null;
            repeats = 0;
            repeatValue = 0;
        }

        List<Customer> customers() {
            close();
            return customers;
        }
    }
}

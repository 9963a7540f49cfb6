package io.footbridge.analytics.clv;

import org.apache.commons.math3.special.Gamma;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The BG/NBD model of repeat purchases (Fader, Hardie and Lee 2005, "Counting your customers the easy way"):
 * while active a customer buys as a Poisson process with rate λ ~ Gamma(r, α), and after each purchase drops out
 * with probability p ~ Beta(a, b).
 */
record BgNbd(double r, double alpha, double a, double b, double logLikelihood) {

    /**
     * Fits the model by maximum likelihood in log-parameter space. Customers with the same history (frequency,
     * recency, age) share one term of the likelihood, so a million customers cost what their distinct histories
     * cost; the terms that depend on the frequency alone are computed once per frequency.
     */
    static BgNbd fit(List<Customer> customers) {
        Histories histories = Histories.of(customers);
        double[] best = Fitting.maximise(histories::logLikelihood, 4);
        double[] p = Fitting.exp(best);
        return new BgNbd(p[0], p[1], p[2], p[3], histories.logLikelihood(best));
    }

    /** The probability that a customer with this history is still active at the end of the period. */
    double probabilityAlive(Customer c) {
        if (c.frequency() == 0) {
            return 1;
        }
        return 1 / (1 + Math.exp(logDropTerm(c)));
    }

    /** The purchases expected from this customer in the {@code horizon} time units after the period. */
    double expectedPurchases(Customer c, double horizon) {
        if (horizon <= 0) {
            return 0;
        }
        int x = c.frequency();
        double ageRate = alpha + c.age();
        double z = horizon / (ageRate + horizon);
        double log2F1 = Hypergeometric.log2F1(r + x, b + x, a + b + x - 1, z);
        // 1 − ((α+T)/(α+T+t))^(r+x) · 2F1(…); expm1 keeps precision when the product is close to 1
        double logProduct = (r + x) * Math.log(ageRate / (ageRate + horizon)) + log2F1;
        double bracket = -Math.expm1(logProduct);
        double scale = (a + b + x - 1) / (a - 1);
        double denominator = x == 0 ? 1 : 1 + Math.exp(logDropTerm(c));
        return scale * bracket / denominator;
    }

    /** ln[a / (b + x − 1) · ((α + T) / (α + tₓ))^(r + x)], the weight of "dropped out after the last purchase". */
    private double logDropTerm(Customer c) {
        int x = c.frequency();
        return Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + c.age()) - Math.log(alpha + c.recency()));
    }

    /**
     * Customers grouped by identical history, for the likelihood. Ages and recencies take few distinct values (a
     * calibration period has a few hundred days), so their logarithms are computed once per value and looked up.
     */
    private record Histories(int[] frequency, int[] recencyIndex, int[] ageIndex, double[] recencies, double[] ages,
                             double[] weight, int maxFrequency) {

        static Histories of(List<Customer> customers) {
            Map<Customer, Integer> counts = new HashMap<>();
            for (Customer c : customers) {
                counts.merge(new Customer(null, c.frequency(), c.recency(), c.age(), 0), 1, Integer::sum);
            }
            int n = counts.size();
            int[] x = new int[n];
            int[] tx = new int[n];
            int[] t = new int[n];
            double[] w = new double[n];
            Map<Double, Integer> recencies = new HashMap<>();
            Map<Double, Integer> ages = new HashMap<>();
            int i = 0;
            int max = 0;
            for (Map.Entry<Customer, Integer> e : counts.entrySet()) {
                x[i] = e.getKey().frequency();
                tx[i] = recencies.computeIfAbsent(e.getKey().recency(), k -> recencies.size());
                t[i] = ages.computeIfAbsent(e.getKey().age(), k -> ages.size());
                w[i] = e.getValue();
                max = Math.max(max, x[i]);
                i++;
            }
            return new Histories(x, tx, t, values(recencies), values(ages), w, max);
        }

        private static double[] values(Map<Double, Integer> indexes) {
            double[] values = new double[indexes.size()];
            indexes.forEach((value, index) -> values[index] = value);
            return values;
        }

        /** The log-likelihood at log-parameters (ln r, ln α, ln a, ln b). */
        double logLikelihood(double[] logParams) {
            double r = Math.exp(logParams[0]);
            double alpha = Math.exp(logParams[1]);
            double a = Math.exp(logParams[2]);
            double b = Math.exp(logParams[3]);
            // lnΓ(r+x) − lnΓ(r) + r ln α + ln B(a, b+x) − ln B(a, b), and ln a − ln(b + x − 1), per frequency x
            double[] byFrequency = new double[maxFrequency + 1];
            double[] dropByFrequency = new double[maxFrequency + 1];
            double common = r * Math.log(alpha) - Gamma.logGamma(r) + Gamma.logGamma(a + b) - Gamma.logGamma(b);
            double logA = Math.log(a);
            for (int k = 0; k <= maxFrequency; k++) {
                byFrequency[k] = common + Gamma.logGamma(r + k) + Gamma.logGamma(b + k) - Gamma.logGamma(a + b + k);
                dropByFrequency[k] = k == 0 ? 0 : logA - Math.log(b + k - 1);
            }
            double[] logAge = logsOfAlphaPlus(alpha, ages);
            double[] logRecency = logsOfAlphaPlus(alpha, recencies);
            double sum = Chunks.sum(frequency.length, (from, to) -> {
                double part = 0;
                for (int i = from; i < to; i++) {
                    int x = frequency[i];
                    double stay = -(r + x) * logAge[ageIndex[i]];
                    double total = stay;
                    if (x > 0) {
                        double drop = dropByFrequency[x] - (r + x) * logRecency[recencyIndex[i]];
                        // ln(1 + e) with e in (0, 1]: Math.log is a CPU intrinsic where log1p is not, and its error
                        // here stays below 2.3e-16 in absolute terms, nothing beside terms of this size
                        total = Math.max(stay, drop) + Math.log(1 + Math.exp(-Math.abs(stay - drop)));
                    }
                    part += weight[i] * (byFrequency[x] + total);
                }
                return part;
            });
            return Double.isFinite(sum) ? sum : Double.NEGATIVE_INFINITY;
        }

        private static double[] logsOfAlphaPlus(double alpha, double[] values) {
            double[] logs = new double[values.length];
            for (int k = 0; k < values.length; k++) {
                logs[k] = Math.log(alpha + values[k]);
            }
            return logs;
        }
    }
}

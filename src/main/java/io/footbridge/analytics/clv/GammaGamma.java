package io.footbridge.analytics.clv;

import org.apache.commons.math3.special.Gamma;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Gamma-Gamma model of spend (Fader, Hardie and Lee 2005, "RFM and CLV"; Fader and Hardie 2013): a customer's
 * purchase values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers. Fitted on repeat buyers' mean repeat
 * purchase value; it assumes that value does not depend on how often they buy.
 */
record GammaGamma(double p, double q, double gamma, double logLikelihood) {

    static GammaGamma fit(List<Customer> customers) {
        Spends spends = Spends.of(customers);
        double[] best = Fitting.maximise(spends::logLikelihood, 3);
        double[] params = Fitting.exp(best);
        return new GammaGamma(params[0], params[1], params[2], spends.logLikelihood(best));
    }

    /**
     * Repeat buyers' mean spends grouped by frequency x. Within a group every term but ln(γ + x·m) is linear in
     * quantities summed once (the weights and Σ ln m), so an evaluation costs one logarithm per distinct spend and a
     * few log-gammas per frequency.
     */
    private record Spends(int[] frequency, double[] weight, double[] sumLogSpend, int[] start, double[] spend,
                          double[] spendWeight) {

        static Spends of(List<Customer> customers) {
            TreeMap<Integer, Map<Double, Integer>> byFrequency = new TreeMap<>();
            for (Customer c : customers) {
                if (c.frequency() > 0 && c.monetary() > 0) {
                    byFrequency.computeIfAbsent(c.frequency(), k -> new HashMap<>()).merge(c.monetary(), 1,
                            Integer::sum);
                }
            }
            int groups = byFrequency.size();
            int entries = byFrequency.values().stream().mapToInt(Map::size).sum();
            int[] x = new int[groups];
            double[] w = new double[groups];
            double[] logs = new double[groups];
            int[] start = new int[groups + 1];
            double[] m = new double[entries];
            double[] mw = new double[entries];
            int g = 0;
            int e = 0;
            for (Map.Entry<Integer, Map<Double, Integer>> group : byFrequency.entrySet()) {
                x[g] = group.getKey();
                start[g] = e;
                for (Map.Entry<Double, Integer> spend : group.getValue().entrySet()) {
                    m[e] = spend.getKey() * x[g];
                    mw[e] = spend.getValue();
                    w[g] += spend.getValue();
                    logs[g] += spend.getValue() * Math.log(spend.getKey());
                    e++;
                }
                g++;
            }
            start[groups] = e;
            return new Spends(x, w, logs, start, m, mw);
        }

        /** The group the spend at this position belongs to. */
        private int group(int entry) {
            int found = java.util.Arrays.binarySearch(start, 0, frequency.length, entry);
            if (found >= 0) {
                // groups are never empty, so a start is held by one group
                return found;
            }
            return -found - 2;
        }

        /** The log-likelihood at log-parameters (ln p, ln q, ln γ); {@code spend} holds x·m. */
        double logLikelihood(double[] logParams) {
            double p = Math.exp(logParams[0]);
            double q = Math.exp(logParams[1]);
            double gamma = Math.exp(logParams[2]);
            double common = q * Math.log(gamma) - Gamma.logGamma(q);
            // Σ ln(γ + x·m) over each group's spends, in chunks of spends that may run side by side
            double[] logTotals = new double[frequency.length];
            double[][] parts = new double[Chunks.count(spend.length)][];
            Chunks.sum(spend.length, (from, to) -> {
                double[] part = new double[frequency.length];
                int g = group(from);
                for (int e = from; e < to; e++) {
                    while (e >= start[g + 1]) {
                        g++;
                    }
                    part[g] += spendWeight[e] * Math.log(gamma + spend[e]);
                }
                parts[from / Chunks.SIZE] = part;
                return 0;
            });
            for (double[] part : parts) {
                for (int g = 0; g < frequency.length; g++) {
                    logTotals[g] += part[g];
                }
            }
            double sum = 0;
            for (int g = 0; g < frequency.length; g++) {
                double px = p * frequency[g];
                sum += weight[g] * (common + Gamma.logGamma(px + q) - Gamma.logGamma(px) + px * Math.log(frequency[g]))
                        + (px - 1) * sumLogSpend[g] - (px + q) * logTotals[g];
            }
            return Double.isFinite(sum) ? sum : Double.NEGATIVE_INFINITY;
        }
    }

    /**
     * The expected value of this customer's future purchases, each: a weighted mean of the population's mean
     * p·γ / (q − 1) and their own mean repeat value (the population's mean for someone without repeats). Infinite
     * when q ≤ 1, where the population's mean spend does not exist.
     */
    double expectedValue(Customer c) {
        if (q <= 1) {
            return Double.POSITIVE_INFINITY;
        }
        int x = c.frequency();
        return p * (gamma + x * c.monetary()) / (p * x + q - 1);
    }
}

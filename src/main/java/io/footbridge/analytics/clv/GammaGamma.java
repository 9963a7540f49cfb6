package io.footbridge.analytics.clv;

import org.apache.commons.math3.special.Gamma;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Gamma-Gamma model of spend (Fader, Hardie and Lee 2005, "RFM and CLV"; Fader and Hardie 2013): a customer's
 * purchase values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers. Fitted on repeat buyers' mean repeat
 * purchase value; it assumes that value does not depend on how often they buy.
 */
record GammaGamma(double p, double q, double gamma, double logLikelihood) {

    static GammaGamma fit(List<Customer> customers) {
        Map<Customer, Integer> counts = new HashMap<>();
        for (Customer c : customers) {
            if (c.frequency() > 0 && c.monetary() > 0) {
                counts.merge(new Customer(null, c.frequency(), 0, 0, c.monetary()), 1, Integer::sum);
            }
        }
        int n = counts.size();
        int[] x = new int[n];
        double[] m = new double[n];
        double[] w = new double[n];
        int i = 0;
        for (Map.Entry<Customer, Integer> e : counts.entrySet()) {
            x[i] = e.getKey().frequency();
            m[i] = e.getKey().monetary();
            w[i] = e.getValue();
            i++;
        }
        double[] best = Fitting.maximise(logParams -> logLikelihood(logParams, x, m, w), 3);
        double[] params = Fitting.exp(best);
        return new GammaGamma(params[0], params[1], params[2], logLikelihood(best, x, m, w));
    }

    private static double logLikelihood(double[] logParams, int[] x, double[] m, double[] w) {
        double p = Math.exp(logParams[0]);
        double q = Math.exp(logParams[1]);
        double gamma = Math.exp(logParams[2]);
        double sum = 0;
        double common = q * Math.log(gamma) - Gamma.logGamma(q);
        for (int i = 0; i < x.length; i++) {
            double px = p * x[i];
            sum += w[i] * (common + Gamma.logGamma(px + q) - Gamma.logGamma(px) + (px - 1) * Math.log(m[i])
                    + px * Math.log(x[i]) - (px + q) * Math.log(gamma + m[i] * x[i]));
        }
        return Double.isFinite(sum) ? sum : Double.NEGATIVE_INFINITY;
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

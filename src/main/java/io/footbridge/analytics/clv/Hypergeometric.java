package io.footbridge.analytics.clv;

/**
 * The Gaussian hypergeometric function 2F1(a, b; c; z) for a, b, c &gt; 0 and 0 ≤ z &lt; 1, the case the BG/NBD
 * model's expectations need. Summed as its power series with every term positive, so nothing cancels; the sum is
 * carried as a mantissa and a separate scale so that large parameters (a frequent buyer's a and b run into the
 * hundreds, where the leading terms pass {@code Double.MAX_VALUE}) give a finite logarithm instead of overflowing to
 * NaN. Terms shrink like zⁿ once n passes a·b/c, so the number of terms grows as 1 / (1 − z); a cap keeps a
 * z very close to 1 from stalling and is reported rather than hidden.
 */
final class Hypergeometric {

    /** Enough for z up to about 0.99999 to reach full precision. */
    static final int MAX_TERMS = 10_000_000;
    private static final double RESCALE_ABOVE = 1e280;

    private Hypergeometric() {
    }

    /** ln 2F1(a, b; c; z). */
    static double log2F1(double a, double b, double c, double z) {
        if (!(a > 0 && b > 0 && c > 0) || !(z >= 0 && z < 1)) {
            throw new IllegalArgumentException("2F1 needs a, b, c > 0 and 0 <= z < 1: a=" + a + " b=" + b + " c=" + c
                    + " z=" + z);
        }
        // from index n past the larger root of (1 − z)n² + (c + 1 − z(a + b))n + (c − z·a·b) every next term is
        // smaller than the one before (the term ratio z(a + n)(b + n) / ((c + n)(n + 1)) stays below 1)
        double qa = 1 - z;
        double qb = c + 1 - z * (a + b);
        double qc = c - z * a * b;
        double discriminant = qb * qb - 4 * qa * qc;
        double decreasingFrom = discriminant < 0 ? 0 : (-qb + Math.sqrt(discriminant)) / (2 * qa);
        double term = 1;
        double sum = 1;
        double logScale = 0;
        for (int n = 0; n < MAX_TERMS; n++) {
            double ratio = (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            term *= ratio;
            sum += term;
            if (sum > RESCALE_ABOVE) {
                logScale += Math.log(sum);
                term /= sum;
                sum = 1;
            }
            // the tail is then at most a geometric series with the larger of this ratio and its limit z
            if (n > decreasingFrom && term <= sum * 1e-17 * (1 - Math.max(ratio, z))) {
                return logScale + Math.log(sum);
            }
        }
        throw new ArithmeticException("2F1 did not converge in " + MAX_TERMS + " terms: a=" + a + " b=" + b + " c="
                + c + " z=" + z);
    }
}

package io.footbridge.feedback;

/**
 * A Net Promoter Score with its 95 % confidence interval. Each respondent scores +1 (promoter, 9–10), 0 (passive,
 * 7–8) or −1 (detractor, 0–6); NPS is the mean of that in points, 100 (p − d), and its variance per respondent is
 * p + d − (p − d)², so the margin is 1.96 √((p + d − (p − d)²) / n) in points (the normal approximation, rough for
 * small n). Scores, margin and bounds are rounded to one decimal; all are null without responses.
 */
public record Nps(long promoters, long passives, long detractors, Double score, Double marginOfError, Double low,
                  Double high) {

    /** Below this many responses the interval is wide and only approximate. */
    public static final int SMALL = 30;
    private static final double Z95 = 1.96;

    public static Nps of(long promoters, long passives, long detractors) {
        long n = promoters + passives + detractors;
        if (n == 0) {
            return new Nps(0, 0, 0, null, null, null, null);
        }
        double p = (double) promoters / n;
        double d = (double) detractors / n;
        double nps = 100 * (p - d);
        double margin = 100 * Z95 * Math.sqrt((p + d - (p - d) * (p - d)) / n);
        return new Nps(promoters, passives, detractors, round(nps), round(margin), round(Math.max(-100, nps - margin)),
                round(Math.min(100, nps + margin)));
    }

    public long responses() {
        return promoters + passives + detractors;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}

package io.footbridge.analytics;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares groups (treatments) with a control: the relative lift of the conversion rate and of revenue per member,
 * each with its 95 % interval by the delta method and a two-sided p-value (two-proportion z-test for conversion,
 * Welch's t-test for revenue), and a sample-ratio-mismatch check of the group sizes. The sequential option gives
 * always-valid intervals and p-values (asymptotic confidence sequences, Waudby-Smith et al. 2023, as GrowthBook
 * uses them) for people who look at the result every day: looking often then does not inflate false positives.
 * The engine campaigns, journeys and experiments use; it needs counts only.
 */
public final class Comparison {

    /** A group with SRM p-value below this is flagged: the split itself is broken, the results cannot be trusted. */
    public static final double SRM_THRESHOLD = 0.001;
    /**
     * The sample size, summed over both groups, at which the confidence sequence is tightest (GrowthBook's default);
     * it is valid at every size.
     */
    public static final double SEQUENTIAL_TUNING = 5000;
    private static final double ALPHA = 0.05;
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);
    private static final double Z = NORMAL.inverseCumulativeProbability(1 - ALPHA / 2);

    /**
     * One group's counts. {@code revenue} is the sum over its members of each member's revenue and
     * {@code revenueSquares} the sum of its squares (both null when revenue is not compared); {@code expectedShare}
     * the share of members the split meant it to get (given for every group or for none: an equal split).
     */
    public record Group(String name, long members, long conversions, Double revenue, Double revenueSquares,
                        Double expectedShare) {
    }

    /** Relative lift over the control, its 95 % interval, and the p-value of "no difference". */
    public record Effect(double lift, double[] ci95, double pValue) {
    }

    /** One group's result: {@code conversion} and {@code revenue} are null for the control (and without data). */
    public record Result(String name, long members, long conversions, double conversionRate, Double revenuePerMember,
                         Effect conversion, Effect revenue) {
    }

    /** The groups, the sample-ratio check (p-value, and whether it flags a broken split). */
    public record Outcome(String control, boolean sequential, List<Result> groups, double sampleRatioPValue,
                          boolean sampleRatioMismatch) {
    }

    private Comparison() {
    }

    /**
     * Compares every group with {@code control}. The caller has checked the counts: members ≥ 1, 0 ≤ conversions ≤
     * members, revenue squares ≥ 0, names unique, control among them.
     */
    public static Outcome compare(List<Group> groups, String control, boolean sequential) {
        Group base = groups.stream().filter(g -> g.name().equals(control)).findFirst().orElseThrow();
        List<Result> results = new ArrayList<>();
        for (Group g : groups) {
            double rate = (double) g.conversions() / g.members();
            Double perMember = g.revenue() == null ? null : g.revenue() / g.members();
            if (g == base) {
                results.add(new Result(g.name(), g.members(), g.conversions(), rate, perMember, null, null));
                continue;
            }
            Effect conversion = conversion(base, g, sequential);
            Effect revenue = g.revenue() != null && base.revenue() != null ? revenue(base, g, sequential) : null;
            results.add(new Result(g.name(), g.members(), g.conversions(), rate, perMember, conversion, revenue));
        }
        double srm = sampleRatio(groups);
        return new Outcome(control, sequential, results, srm, srm < SRM_THRESHOLD);
    }

    private static Effect conversion(Group c, Group t, boolean sequential) {
        double pc = (double) c.conversions() / c.members();
        double pt = (double) t.conversions() / t.members();
        double pooled = (double) (c.conversions() + t.conversions()) / (c.members() + t.members());
        double pooledSe = Math.sqrt(pooled * (1 - pooled) * (1.0 / c.members() + 1.0 / t.members()));
        double z = pooledSe == 0 ? 0 : (pt - pc) / pooledSe;
        double fixedP = pooledSe == 0 ? 1 : 2 * NORMAL.cumulativeProbability(-Math.abs(z));
        return ratio(pc, pc * (1 - pc) / c.members(), pt, pt * (1 - pt) / t.members(),
                c.members() + t.members(), sequential, fixedP);
    }

    private static Effect revenue(Group c, Group t, boolean sequential) {
        double mc = c.revenue() / c.members();
        double mt = t.revenue() / t.members();
        double vc = variance(c);
        double vt = variance(t);
        double sc = vc / c.members();
        double st = vt / t.members();
        double se = Math.sqrt(sc + st);
        double fixedP = 1;
        if (se > 0) {
            // Welch–Satterthwaite degrees of freedom; groups of one member have no variance of their own
            double df = (sc + st) * (sc + st) / (sc * sc / Math.max(1, c.members() - 1)
                    + st * st / Math.max(1, t.members() - 1));
            fixedP = 2 * new TDistribution(null, Math.max(1, df)).cumulativeProbability(-Math.abs((mt - mc) / se));
        }
        return ratio(mc, sc, mt, st, c.members() + t.members(), sequential, fixedP);
    }

    /** The sample variance of a group's revenue per member, from its sum and sum of squares. */
    private static double variance(Group g) {
        double n = g.members();
        double mean = g.revenue() / n;
        return n < 2 ? 0 : Math.max(0, (g.revenueSquares() - n * mean * mean) / (n - 1));
    }

    /**
     * Lift = treatment / control − 1 with the delta method's variance, vₓ the variance of each mean; undefined (NaN)
     * when the control's mean is 0. Sequentially, the interval is the confidence sequence's and the p-value the
     * smallest α whose sequence excludes no lift.
     */
    private static Effect ratio(double c, double varC, double t, double varT, long n, boolean sequential,
                                double fixedP) {
        if (c == 0) {
            return new Effect(Double.NaN, new double[]{Double.NaN, Double.NaN}, fixedP);
        }
        double lift = t / c - 1;
        // (t/c)² (vₜ/t² + v꜀/c²), written without dividing by t, which may be 0
        double variance = varT / (c * c) + t * t * varC / (c * c * c * c);
        double sd = Math.sqrt(variance);
        if (!sequential) {
            return new Effect(lift, new double[]{lift - Z * sd, lift + Z * sd}, fixedP);
        }
        double rho2 = (-2 * Math.log(ALPHA) + Math.log(-2 * Math.log(ALPHA) + 1)) / SEQUENTIAL_TUNING;
        double nrho = n * rho2 + 1;
        // the half-width of the asymptotic confidence sequence for the mean difference, scaled to this estimate
        double halfWidth = sd * Math.sqrt(n) * Math.sqrt(2 * nrho / ((double) n * n * rho2) * Math.log(Math.sqrt(nrho)
                / ALPHA));
        double p = sd == 0 ? (lift == 0 ? 1 : 0) : Math.min(1, Math.sqrt(nrho)
                * Math.exp(-lift * lift * n * n * rho2 / (2 * sd * sd * n * nrho)));
        return new Effect(lift, new double[]{lift - halfWidth, lift + halfWidth}, p);
    }

    /** Pearson's χ² test of the members against the split's expected shares. */
    private static double sampleRatio(List<Group> groups) {
        long total = groups.stream().mapToLong(Group::members).sum();
        double given = groups.stream().filter(g -> g.expectedShare() != null).mapToDouble(Group::expectedShare).sum();
        double chi2 = 0;
        for (Group g : groups) {
            double share = g.expectedShare() == null ? 1.0 / groups.size() : g.expectedShare() / given;
            double expected = total * share;
            chi2 += (g.members() - expected) * (g.members() - expected) / expected;
        }
        return 1 - new ChiSquaredDistribution(null, groups.size() - 1).cumulativeProbability(chi2);
    }
}
